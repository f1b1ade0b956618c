#!/bin/sh
# `make install` makes a copy that runs by itself: installed under /usr in a temporary DESTDIR, the
# program plans with the installed pack and serves the installed web files from any folder, its
# text holds no path of the source tree's, the service starts from the example configuration as
# its unit starts it, the daily backup keeps its newest copies, systemd reads the units without a
# warning, and every installed man page reads without one.
# usage: run.sh BUILD_DIR
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/np-install.XXXXXX)
server=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "install: $*" >&2
	exit 1
}

DESTDIR=$tmp cmake --install "$build" --prefix /usr >"$tmp/install.log" || fail "$(cat "$tmp/install.log")"
bin=$tmp/usr/bin/needlepoint
share=$tmp/usr/share/needlepoint
for f in "$bin" "$share/protocols/standard.json" "$share/web/index.html" \
	"$tmp/usr/share/man/man1/needlepoint.1" "$tmp/usr/share/doc/needlepoint/README.md"; do
	[ -e "$f" ] || fail "$f was not installed"
done

# no place of the source tree's pack or web files is compiled in: the program finds them beside
# itself (a sanitized build names its source files, for its reports: those are not looked at)
objcopy -O binary --only-section=.rodata "$bin" "$tmp/rodata"
for dir in protocols web; do
	if grep -q -F "$src/$dir" "$tmp/rodata"; then
		fail "the program holds the source tree's $src/$dir"
	fi
done

# an engine command, from a folder of its own, with the installed pack
mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere"
"$bin" plan "$src/examples/plan.json" >"$tmp/plan.out" 2>"$tmp/plan.err" ||
	fail "plan: $(cat "$tmp/plan.err")"
grep -q "^course: " "$tmp/plan.out" || fail "plan printed no course: $(cat "$tmp/plan.out")"
"$bin" protocol check >"$tmp/check.out" 2>&1 || fail "protocol check: $(cat "$tmp/check.out")"
grep -q "$share/protocols/standard.json: ok" "$tmp/check.out" ||
	fail "the installed pack was not the one checked: $(cat "$tmp/check.out")"

# the service as its unit starts it: settings from the example configuration, the database and
# the address this test's (every line of it read: a setting it did not know would stop it)
conf=$tmp/usr/share/doc/needlepoint/examples/needlepoint.conf
sed -e "s|^db = .*|db = $tmp/clinic.db|" -e "s|^listen = .*|listen = 127.0.0.1:0|" "$conf" >"$tmp/needlepoint.conf"
export NEEDLEPOINT_CONFIG="$tmp/needlepoint.conf"
"$bin" serve >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
i=0
while ! grep -q listening "$tmp/serve.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
base=$(sed -n 's|.*listening on \(http://127.0.0.1:[0-9]*\)/.*|\1|p' "$tmp/serve.out")
[ -n "$base" ] || fail "serve did not start: $(cat "$tmp/serve.err")"
curl -s "$base/" >"$tmp/index.html"
cmp -s "$tmp/index.html" "$share/web/index.html" || fail "/ is not the installed index.html"
curl -s "$base/api/v1/setup" | grep -q '"open":true' || fail "the API does not answer"
kill "$server"
wait "$server" || fail "serve did not stop cleanly"
server=""

# the daily backup as its unit runs it: a copy named by its time, the newest kept
mkdir "$tmp/backups"
for i in 1 2 3; do
	"$bin" backup --into "$tmp/backups" --keep 2 >"$tmp/backup.out" 2>&1 || fail "backup: $(cat "$tmp/backup.out")"
done
[ "$(ls "$tmp/backups" | grep -c '^needlepoint-.*Z\.db$')" -eq 2 ] || fail "backups kept: $(ls "$tmp/backups")"

# the units: systemd reads them without a word (their binary this copy's, their man pages its)
units=$tmp/usr/lib/systemd/system
mkdir "$tmp/units"
for u in needlepoint.service needlepoint-backup.service needlepoint-backup.timer; do
	[ -f "$units/$u" ] || fail "$u was not installed"
	sed "s|ExecStart=/usr/bin/needlepoint|ExecStart=$bin|" "$units/$u" >"$tmp/units/$u"
done
grep -q "^ExecStart=/usr/bin/needlepoint serve$" "$units/needlepoint.service" ||
	fail "the service does not start the installed program"
for key in "User=needlepoint" "ProtectSystem=strict" "PrivateTmp=true" "NoNewPrivileges=true" \
	"StateDirectoryMode=0700"; do
	grep -qx "$key" "$units/needlepoint.service" || fail "needlepoint.service: no $key"
done
out=$(MANPATH=$tmp/usr/share/man systemd-analyze verify "$tmp"/units/* 2>&1) ||
	fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify: $out"

# the manual, as man reads it: no warning from groff
for page in "$tmp"/usr/share/man/man1/*.1; do
	out=$(groff -man -ww -z "$page" 2>&1) || fail "$page: groff failed: $out"
	[ -z "$out" ] || fail "$page: $out"
done
echo "install: ok"
