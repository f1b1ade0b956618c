#!/bin/sh
# needlepoint doctor finds what is wrong with a deployment and says what to do: a healthy one is
# all well (exit 0); an audit key others can read, a pack that does not load, browser files that
# are not there, a proxy trusted without the address browsers use, a clinic's time zone the tz
# database does not know, and a clock behind the audit trail each give a "fix" line (exit 1).
# usage: doctor.sh NEEDLEPOINT
set -u
bin=$1
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NEEDLEPOINT_DB="$tmp/clinic.db" NEEDLEPOINT_CONFIG="$tmp/needlepoint.conf"
: >"$tmp/needlepoint.conf"

check() { # name, expected exit code, text the report holds, [env assignments for doctor...]
	name=$1 want=$2 text=$3
	shift 3
	env "$@" "$bin" doctor >"$tmp/out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ] && grep -qF -- "$text" "$tmp/out"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: exit $got (expected $want), '$text' in:"
		sed 's/^/  /' "$tmp/out"
	fi
}
sql() { python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()' "$NEEDLEPOINT_DB" "$1"; }

"$bin" init --clinic "Skin Studio" --admin ada --time-zone Europe/Paris >/dev/null
check "healthy" 0 "needlepoint doctor: all is well"
check "each clinic's day" 0 "ok   clinic 'Skin Studio': time zone Europe/Paris, today"
check "the schema" 0 "ok   migrations: schema"
check "the pack" 0 "ok   protocol pack:"

chmod 644 "$tmp/clinic.db.key"
check "a key others can read" 1 "fix  audit key: $tmp/clinic.db.key can be read by others (mode 644): chmod 600 $tmp/clinic.db.key"
chmod 600 "$tmp/clinic.db.key"

check "a pack that does not load" 1 "fix  protocol pack: cannot open '$tmp/none.json'" NEEDLEPOINT_PROTOCOL="$tmp/none.json"
check "no browser files" 1 "fix  web files: $tmp/web has no index.html" NEEDLEPOINT_WEB="$tmp/web"

echo "trust-proxy = 127.0.0.1" >"$tmp/needlepoint.conf"
check "a proxy without its address" 1 "fix  proxy: trust-proxy is 127.0.0.1 but public-origin is not set"
echo "public-origin = https://clinic.example" >>"$tmp/needlepoint.conf"
check "a proxy with it" 0 "ok   proxy: behind 127.0.0.1, browsers at https://clinic.example"

sql "UPDATE audit SET at = '2999-01-01T00:00:00Z' WHERE seq = (SELECT max(seq) FROM audit)"
check "a clock behind the trail" 1 "is behind the audit trail's newest entry (2999-01-01T00:00:00Z)"
sql "UPDATE clinics SET time_zone = 'Mars/Olympus'"
check "a time zone not in the database" 1 "fix  clinic 'Skin Studio': "

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
