#!/bin/sh
# The records from the command line: a course from init to history, and bad input at every door
# giving exit 2 with the field named, refusals exit 1 with their reasons. A fresh SQLite file.
# usage: records.sh NEEDLEPOINT SOURCE_DIR
set -u
bin=$1
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NEEDLEPOINT_DB="$tmp/records.db" NEEDLEPOINT_CONFIG=/dev/null
unset NEEDLEPOINT_USER

run() { # name, expected exit code, stdin text, command...
	name=$1 want=$2 input=$3
	shift 3
	printf '%s' "$input" | "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: exit $got, expected $want"
		sed 's/^/  /' "$tmp/err" "$tmp/out" | head -20
	fi
}

says() { # name, file, text
	if grep -qF -- "$3" "$2"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $1: '$3' not in:"
		sed 's/^/  /' "$2" | head -20
	fi
}

run "init" 0 "" "$bin" init --clinic "Skin Studio" --admin ada
run "only user acts by default" 0 "" "$bin" user add pat --role practitioner
run "several users: say who" 2 "" "$bin" user list
says "several users" "$tmp/err" "--as"
export NEEDLEPOINT_USER=pat
run "unknown user" 2 "" "$bin" user list --as nobody
says "unknown user" "$tmp/err" "no user 'nobody'"
run "bad role" 2 "" "$bin" user add rec --role receptionist --as ada
says "bad role" "$tmp/err" "unknown role 'receptionist'"

run "client" 0 '{"name": "Grace", "birth_date": "1985-12-09", "fitzpatrick": 2}' "$bin" client add --json
says "client id" "$tmp/out" '"id": 1'
run "truncated JSON" 2 '{"name": "Gr' "$bin" client add
says "truncated JSON" "$tmp/err" "stdin: line 1"
run "wrong type" 2 '{"name": 42}' "$bin" client add
says "wrong type" "$tmp/err" "name"
run "impossible date" 2 '{"name": "A", "birth_date": "2026-02-30"}' "$bin" client add
says "impossible date" "$tmp/err" "birth_date"
python3 -c 'import json; print(json.dumps({"name": "x" * 102400}))' >"$tmp/big.json"
run "100 kB name" 2 "" "$bin" client add "$tmp/big.json"
says "100 kB name" "$tmp/err" "name: 102400 bytes, expected at most 200"
run "SQL verbatim" 0 "{\"name\": \"Robert'); DROP TABLE clients;--\"}" "$bin" client add --json
run "SQL verbatim read back" 0 "" "$bin" client list --name "DROP TABLE"
says "SQL verbatim read back" "$tmp/out" "Robert'); DROP TABLE clients;--"
run "unknown client" 2 "" "$bin" client show 9999
says "unknown client" "$tmp/err" "client 9999: no such record"
run "not an id" 2 "" "$bin" history --client abc
says "not an id" "$tmp/err" "--client: 'abc' is not a record id"

run "intake" 0 '{"birth_date": "1985-12-09", "fitzpatrick": 2}' "$bin" intake add --client 1
run "screen" 0 "" "$bin" screen --client 1 --on 2027-03-01
says "screen" "$tmp/out" "decision: PROCEED"
run "pen" 0 '{"kind": "pen", "serial": "DP-1"}' "$bin" device add
run "cartridges" 0 '{"product": "cartridge", "lot": "C1", "expires": "2028-01-01", "quantity": 2, "single_use": true}' "$bin" lot add
session='{"date": "2027-03-01", "device": 1, "unit": 1, "zones": [{"zone": "forehead", "depth_mm": 0.5, "passes": 2}]}'
run "no consent: refused" 1 "$session" "$bin" session log --client 1
says "no consent" "$tmp/err" "no valid 'microneedling' consent"
run "consent" 0 "" "$bin" consent sign --client 1 --form microneedling --signer Grace --on 2027-03-01
run "session" 0 "$session" "$bin" session log --client 1
run "used cartridge: refused" 1 "$session" "$bin" session log --client 1
says "used cartridge" "$tmp/err" "single use and was used before"
run "unknown unit" 2 "$(echo "$session" | sed 's/"unit": 1/"unit": 77/')" "$bin" session log --client 1
says "unknown unit" "$tmp/err" "unit: unit 77: no such record"
run "unknown zone" 2 "$(echo "$session" | sed 's/forehead/elbow/')" "$bin" session log --client 1
says "unknown zone" "$tmp/err" "zones[0].zone: unknown zone 'elbow'"
run "history" 0 "" "$bin" history --client 1
says "history" "$tmp/out" "session by pat: forehead 0.5 mm"
run "recall" 0 "" "$bin" recall C1
says "recall" "$tmp/out" "lot C1: 1 clients"
run "audit" 0 "" "$bin" audit verify --as ada
says "audit" "$tmp/out" "audit trail ok"
run "backup" 0 "" "$bin" backup "$tmp/copy.db" --as ada
run "backup opens" 0 "" "$bin" history --client 1 --db "$tmp/copy.db"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
