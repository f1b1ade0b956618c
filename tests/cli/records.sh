#!/bin/sh
# The records from the command line: a course from init to history, and bad input at every door
# giving exit 2 with the field named, refusals exit 3 with their reasons (as JSON with --json).
# A fresh SQLite file; the clinic is in UTC, so its today is UTC's.
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

today=$(date -u +%F)
tomorrow=$(date -u -d tomorrow +%F)
run "init without a time zone" 2 "" "$bin" init --clinic "Skin Studio" --admin ada
says "init without a time zone" "$tmp/err" "--time-zone ZONE is needed"
run "init in no time zone" 2 "" "$bin" init --clinic "Skin Studio" --admin ada --time-zone Mars/Olympus
says "init in no time zone" "$tmp/err" "time_zone: unknown time zone 'Mars/Olympus'"
run "init" 0 "" "$bin" init --clinic "Skin Studio" --admin ada --time-zone UTC
run "clinic show" 0 "" "$bin" clinic show --json
says "clinic's today" "$tmp/out" "\"today\": \"$today\""
run "clinic edit" 0 "" "$bin" clinic edit --time-zone Europe/London
says "clinic edit" "$tmp/out" "time_zone: Europe/London"
run "clinic back to UTC" 0 "" "$bin" clinic edit --time-zone UTC
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

run "screen before any health history" 3 "" "$bin" screen --client 1
says "screen before any health history" "$tmp/err" "client 1 has no health history yet: record one first"
run "intake" 0 '{"birth_date": "1985-12-09", "fitzpatrick": 2}' "$bin" intake add --client 1
run "screen tomorrow" 2 "" "$bin" screen --client 1 --on "$tomorrow"
says "screen tomorrow" "$tmp/err" "on: $tomorrow is after today ($today at the clinic)"
run "screen" 0 "" "$bin" screen --client 1
says "screen" "$tmp/out" "decision: PROCEED"
run "pen" 0 '{"kind": "pen", "serial": "DP-1"}' "$bin" device add
run "cartridges" 0 '{"product": "cartridge", "lot": "C1", "kind": "pen", "expires": "2030-01-01", "quantity": 3, "single_use": true}' "$bin" lot add
run "a lot says its kind" 2 '{"product": "cartridge", "lot": "C2", "expires": "2030-01-01", "quantity": 3, "single_use": true}' "$bin" lot add
says "a lot says its kind" "$tmp/err" "kind: missing"
session="{\"date\": \"$today\", \"device\": 1, \"unit\": 1, \"zones\": [{\"zone\": \"forehead\", \"depth_mm\": 0.5, \"passes\": 2}]}"
run "no consent: refused" 3 "$session" "$bin" session log --client 1
says "no consent" "$tmp/err" "the session was refused, for 1 reason (1 no override lifts):"
says "no consent, in words" "$tmp/err" "No valid consent on $today: the client signs 'Consent to microneedling"
says "no consent, its code" "$tmp/err" "(consent_missing; no override lifts it)"
run "refusal as JSON" 3 "$session" "$bin" session log --client 1 --json
says "refusal as JSON" "$tmp/out" '"code": "consent_missing"'
says "refusal as JSON: who may override" "$tmp/out" '"override": "never"'
run "consent tomorrow" 2 "" "$bin" consent sign --client 1 --form microneedling --signer Grace --on "$tomorrow"
run "consent" 0 "" "$bin" consent sign --client 1 --form microneedling --signer Grace
run "session tomorrow" 2 "$(echo "$session" | sed "s/$today/$tomorrow/")" "$bin" session log --client 1
says "session tomorrow" "$tmp/err" "date: $tomorrow is after today"
run "session" 0 "$session" "$bin" session log --client 1
run "used cartridge: refused" 3 "$session" "$bin" session log --client 1
says "used cartridge" "$tmp/err" "Unit 1 of lot C1 (cartridge) is single use and was used before."
says "the forehead rests" "$tmp/err" "(rest; a practitioner may override it)"
says "how to override" "$tmp/err" "--override CODE,... --reason"
run "override without a reason" 2 "$session" "$bin" session log --client 1 --override rest
says "override without a reason" "$tmp/err" "--override CODE,... and --reason TEXT go together"
run "override: a short reason" 2 "$(echo "$session" | sed 's/"unit": 1/"unit": 2/')" "$bin" session log --client 1 --override rest --reason "ok"
says "override: a short reason" "$tmp/err" "override.reason: 'ok': say why, in at least 20 characters"
run "override lifts the rest" 0 "$(echo "$session" | sed 's/"unit": 1/"unit": 2/')" "$bin" session log --client 1 --override rest --reason "a second pass on scarring the client asked for" --json
says "override kept" "$tmp/out" '"reason": "a second pass on scarring the client asked for"'
run "recall a lot" 0 "" "$bin" lot recall 1 --reason "the maker recalled it"
run "a recalled lot: refused" 3 "$(echo "$session" | sed 's/"unit": 1/"unit": 3/')" "$bin" session log --client 1 --override rest --reason "a second pass on scarring the client asked for"
says "a recalled lot" "$tmp/err" "Lot C1 (cartridge) is recalled: the maker recalled it."
run "unknown unit" 2 "$(echo "$session" | sed 's/"unit": 1/"unit": 77/')" "$bin" session log --client 1
says "unknown unit" "$tmp/err" "unit: unit 77: no such record"
run "unknown zone" 2 "$(echo "$session" | sed 's/forehead/elbow/')" "$bin" session log --client 1
says "unknown zone" "$tmp/err" "zones[0].zone: unknown zone 'elbow'"
run "history" 0 "" "$bin" history --client 1
says "history" "$tmp/out" "session by pat: forehead 0.5 mm"
run "a page of the history" 0 "" "$bin" history --client 1 --limit 1 --kind session
says "a page of the history" "$tmp/out" "(older entries continue before 20"
run "a page of the history: older" 0 "" "$bin" history --client 1 --limit 1 --kind session --before "$(sed -n 's/^(older entries continue before \(.*\))$/\1/p' "$tmp/out")"
says "a page of the history: older" "$tmp/out" "session by pat: forehead 0.5 mm"
run "a place in the history no answer gave" 2 "" "$bin" history --client 1 --limit 1 --before yesterday
says "a place in the history no answer gave" "$tmp/err" "before: expected a place in the timeline"
run "an unknown kind of entry" 2 "" "$bin" history --client 1 --kind visit
says "an unknown kind of entry" "$tmp/err" "kind: expected intake, screening"
run "recall" 0 "" "$bin" recall C1
says "recall" "$tmp/out" "lot C1: 1 clients"
run "audit" 0 "" "$bin" audit verify --as ada
says "audit" "$tmp/out" "audit trail ok"
run "backup" 0 "" "$bin" backup "$tmp/copy.db"
run "a backup does not open without its audit key" 2 "" "$bin" history --client 1 --db "$tmp/copy.db"
says "a backup does not open without its audit key" "$tmp/err" "audit key"
# restored elsewhere: the copy with a copy of the key beside it (docs/security.md)
cp "$tmp/records.db.key" "$tmp/copy.db.key"
run "backup opens" 0 "" "$bin" history --client 1 --db "$tmp/copy.db"
run "a restored backup verifies" 0 "" "$bin" audit verify --db "$tmp/copy.db" --as ada
run "a backup never overwrites one" 2 "" "$bin" backup "$tmp/copy.db"
says "a backup never overwrites one" "$tmp/err" "exists: a backup goes to a new file"
says "the backup is its user's alone" "$(printf '%s' "$(stat -c %a "$tmp/copy.db")" >"$tmp/mode"; echo "$tmp/mode")" "600"

# At home: a personal log, whose plan is a routine on the recommended 0.25 mm, cheeks included
home="$tmp/home.db"
run "home init" 0 "" "$bin" init --home --admin me --time-zone UTC --db "$home"
run "home: me" 0 '{"birth_date": "1990-01-01", "fitzpatrick": 2}' "$bin" intake add --client 1 --db "$home" --as me
run "home: screen" 0 "" "$bin" screen --client 1 --db "$home" --as me
run "home: plan" 0 "{\"device\": \"roller\", \"start\": \"$today\", \"targets\": [{\"indication\": \"texture\", \"zones\": [\"cheek_left\", \"forehead\"]}]}" \
	"$bin" plan add --client 1 --db "$home" --as me
says "home: a routine, not a course" "$tmp/out" "stored: plan 1, a routine"
says "home: rest between uses" "$tmp/out" "rest 2 days between uses"
says "home: the cheek at 0.25 mm" "$tmp/out" "left cheek         0.25 mm 0.2-0.5 mm"
run "home: history" 0 "" "$bin" history --client 1 --db "$home" --as me
says "home: no session count" "$tmp/out" "plan: texture, a routine at home"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
