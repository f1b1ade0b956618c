#!/bin/sh
# The command line as a user meets it: exit codes, help, version, man pages, stdin, --protocol.
# usage: cli.sh NEEDLEPOINT SOURCE_DIR
set -u
bin=$1
src=$2
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name, expected exit code, command...
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	if [ "$got" -eq "$want" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: exit $got, expected $want"
		sed 's/^/  /' "$tmp/err"
	fi
}

contains() { # name, file, text
	if grep -qF -- "$3" "$2"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $1: '$3' not in $2:"
		sed 's/^/  /' "$2" | head -20
	fi
}

check "version" 0 "$bin" --version
contains "version" "$tmp/out" "needlepoint "
check "help" 0 "$bin" --help
contains "help lists screen" "$tmp/out" "screen"
check "no command is usage" 2 "$bin"
check "unknown command" 2 "$bin" frobnicate
contains "unknown command message" "$tmp/err" "'frobnicate' is not a command"
check "unknown option" 2 "$bin" screen --colour "$src/examples/intake.json"
contains "unknown option names it" "$tmp/err" "unknown option '--colour'"
check "missing input file" 2 "$bin" screen /nonexistent.json
contains "missing file named" "$tmp/err" "cannot open '/nonexistent.json'"
check "bad --on" 2 "$bin" screen --on tomorrow "$src/examples/intake.json"
check "--on needs a value" 2 "$bin" screen "$src/examples/intake.json" --on
check "answer is exit 0 whatever the decision" 0 "$bin" screen --on 2026-11-20 "$src/examples/intake.json"
contains "decision in text" "$tmp/out" "decision: DEFER until 2027-03-01"
check "stdin with -" 0 sh -c "\"$bin\" screen --on 2026-11-20 --json - < \"$src/examples/intake.json\""
contains "stdin answer" "$tmp/out" '"until": "2027-03-01"'
check "stdin without a file" 0 sh -c "\"$bin\" plan < \"$src/examples/plan.json\""
contains "plan text" "$tmp/out" "course: 3 sessions (3-6) every 28 days (14-42)"
check "a broken pack is bad input" 2 "$bin" screen --protocol "$src/tests/packs/upside_down_depth.json" "$src/examples/intake.json"
contains "broken pack names file and path" "$tmp/err" "upside_down_depth.json: zones[0].depth_mm"
check "a clinic's own pack" 0 sh -c "echo '{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 2, \"conditions\": [\"rash\"]}' | \"$bin\" screen --protocol \"$src/tests/packs/minimal.ok.json\" --json"
contains "own pack's rule and name" "$tmp/out" '"name": "minimal"'
check "NEEDLEPOINT_PROTOCOL" 2 env NEEDLEPOINT_PROTOCOL=/nonexistent/pack.json "$bin" plan "$src/examples/plan.json"
check "protocol show" 0 "$bin" protocol show
contains "protocol show lists zones" "$tmp/out" "glabella"
check "protocol check" 0 "$bin" protocol check "$src/protocols/standard.json"
check "protocol check --json" 0 "$bin" protocol check --json "$src/protocols/standard.json"
contains "check report" "$tmp/out" '"ok": true'
check "protocol show --json is the document" 0 "$bin" protocol show --json
contains "document" "$tmp/out" '"screening"'
check "protocol needs a verb" 2 "$bin" protocol
check "map writes SVG" 0 "$bin" map "$src/examples/plan.json"
contains "svg" "$tmp/out" "<svg xmlns="
check "dose needs a device" 2 "$bin" dose --needles 3
check "aftercare needs a date" 2 "$bin" aftercare --depth 1
check "text input that is binary" 2 sh -c "head -c 300 /dev/urandom | tr -d '{[' | \"$bin\" screen"
check "deeply nested JSON" 2 sh -c "printf '%0100000d' 0 | tr 0 '[' | \"$bin\" plan"
check "an input over the size limit" 2 sh -c "head -c 9000000 /dev/zero | tr -c x ' ' | \"$bin\" screen"
contains "size limit named" "$tmp/err" "stdin: larger than"

check "the README's picture is what map draws" 0 sh -c "\"$bin\" map \"$src/examples/plan.json\" | cmp - \"$src/docs/example-map.svg\""
check "--on defaults to today" 0 "$bin" screen --json "$src/examples/intake.json"
contains "today" "$tmp/out" "\"on\": \"$(date +%Y-%m-%d)\""

# every command has a man page whose synopsis is the usage the program prints
for cmd in $("$bin" --help | awk '/^commands:/ {on=1; next} on && !NF {exit} on {print $1}'); do
	page="$src/docs/man/needlepoint-$cmd.1"
	if [ ! -f "$page" ]; then
		failed=$((failed + 1))
		echo "FAIL man page: $page is missing"
		continue
	fi
	check "help $cmd" 0 "$bin" help "$cmd"
	usage=$(sed -n '1s/^usage: needlepoint //p' "$tmp/out")
	sed -e 's/\\-/-/g' -e 's/\\fB//g' -e 's/\\fR//g' -e 's/\\fI//g' -e 's/\\fP//g' "$page" >"$tmp/page"
	contains "man page of $cmd has the usage" "$tmp/page" "$usage"
	contains "man page of $cmd names it" "$tmp/page" ".TH NEEDLEPOINT-$(echo "$cmd" | tr a-z A-Z)"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
