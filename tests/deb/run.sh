#!/bin/sh
# make deb's package installs as a clinic's IT person installs it: built from the tree
# (scripts/make-deb), `dpkg -i` on this machine makes the service's user, puts the settings in
# /etc/needlepoint readable by that user, enables and starts the service and the backup timer
# (started where systemd runs), and the installed service's command serves as that user from its
# state directory; systemd reads the units without a warning. Then the package is purged. The
# records of /var/lib/needlepoint stay on purge: a package never deletes a clinic's records.
# Needs root (dpkg -i); skipped otherwise. usage: run.sh SOURCE_DIR
set -eu
src=$(cd "$1" && pwd)
if [ "$(id -u)" -ne 0 ]; then
	echo "deb: skipped: installing a package needs root"
	exit 77
fi
if dpkg-query -W -f='${Status}' needlepoint 2>/dev/null | grep -q "install ok installed"; then
	echo "deb: skipped: a needlepoint package is installed on this machine already"
	exit 77
fi
tmp=$(mktemp -d /tmp/np-deb-test.XXXXXX)
chmod 755 "$tmp"
server=""
installed=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	[ -n "$installed" ] && dpkg --purge needlepoint >/dev/null 2>&1
	[ -n "$installed" ] && rm -rf /var/lib/needlepoint.test-moved
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "deb: $*" >&2
	exit 1
}

sh "$src/scripts/make-deb" "$tmp/out" >"$tmp/build.log" 2>&1 || fail "make deb: $(tail -20 "$tmp/build.log")"
deb=$(ls "$tmp"/out/needlepoint_*.deb | head -1)
[ -f "$deb" ] || fail "no package was made"
dpkg-deb -I "$deb" | grep -q "Depends:.*libpq5" || fail "the package does not depend on libpq5, which it opens"
dpkg-deb -I "$deb" | grep -q "Depends:.*libmicrohttpd12" || fail "nor on libmicrohttpd12"

installed=yes
dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || fail "dpkg -i: $(cat "$tmp/dpkg.log")"
getent passwd needlepoint >/dev/null || fail "no user needlepoint"
[ "$(stat -c '%U:%G %a' /etc/needlepoint/needlepoint.conf)" = "root:needlepoint 640" ] ||
	fail "/etc/needlepoint/needlepoint.conf: $(stat -c '%U:%G %a' /etc/needlepoint/needlepoint.conf)"
/usr/bin/needlepoint protocol check >"$tmp/check" 2>&1 || fail "protocol check: $(cat "$tmp/check")"
grep -q "^/usr/share/needlepoint/protocols/standard.json: ok" "$tmp/check" || fail "$(cat "$tmp/check")"
for unit in needlepoint.service needlepoint-backup.timer; do
	[ -e "/etc/systemd/system/multi-user.target.wants/$unit" ] ||
		[ -e "/etc/systemd/system/timers.target.wants/$unit" ] || fail "$unit was not enabled"
done
out=$(systemd-analyze verify /lib/systemd/system/needlepoint.service \
	/lib/systemd/system/needlepoint-backup.service /lib/systemd/system/needlepoint-backup.timer 2>&1) ||
	fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify: $out"

# the service's command, as its unit runs it: its user, its settings, its state directory
state=/var/lib/needlepoint
fresh=""
[ -d "$state" ] || { install -d -m 0700 -o needlepoint -g needlepoint "$state" && fresh=yes; }
chown needlepoint "$tmp"
(cd "$state" && exec setpriv --reuid=needlepoint --regid=needlepoint --init-groups \
	env NEEDLEPOINT_CONFIG=/etc/needlepoint/needlepoint.conf \
	/usr/bin/needlepoint serve --listen 127.0.0.1:0 --db "$tmp/clinic.db") \
	>"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
i=0
while ! grep -q listening "$tmp/serve.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
base=$(sed -n 's|.*listening on \(http://127.0.0.1:[0-9]*\)/.*|\1|p' "$tmp/serve.out")
[ -n "$base" ] || fail "the service did not start: $(cat "$tmp/serve.err")"
curl -s "$base/api/v1/setup" | grep -q '"open":true' || fail "the service does not answer"
kill "$server"
wait "$server" || fail "the service did not stop cleanly"
server=""
[ -n "$fresh" ] && rmdir "$state" 2>/dev/null
echo "deb: ok"
