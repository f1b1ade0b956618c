#!/bin/sh
# No number without a source: every number the plan, the screening and the aftercare print (in
# text, as a clinician reads them) is one the protocol pack holds, where its sources are. Dates
# are arithmetic on the input's dates, and the numbers of the input itself are the user's; every
# other number must be found among the pack's own numbers. A number written into C would fail.
# usage: numbers.sh NEEDLEPOINT SOURCE_DIR
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pack="$src/protocols/standard.json"
failed=0
checked=0

# The numbers of a text, one per line, dates and ISO days left out; "0.50" and ".5" are 0.5.
numbers() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}//g' "$1" |
		grep -oE '[0-9]+(\.[0-9]+)?' |
		awk '{ print $1 + 0 }' | sort -u
}

# The pack's numbers, and the one arithmetic a plan prints: a target moved by the skin's shift
# ("1.5 mm, 1.25 mm for thin skin"), the shift's source printed beside it.
numbers "$pack" >"$tmp/pack.raw"
grep -oE '"shift_mm": -?[0-9.]+' "$pack" | grep -oE -- '-?[0-9.]+$' >"$tmp/shifts"
grep -oE '"target_mm": [0-9.]+' "$pack" | grep -oE '[0-9.]+$' >"$tmp/targets"
awk 'NR == FNR { shift[NR] = $1; n = NR; next }
     { for (i = 1; i <= n; i++) { v = $1 + shift[i]; if (v > 0) print v + 0 } }' \
	"$tmp/shifts" "$tmp/targets" | cat - "$tmp/pack.raw" | sort -u >"$tmp/pack"

# check NAME INPUT_NUMBERS_FILE COMMAND...: what COMMAND prints holds only the pack's numbers.
check() {
	name=$1
	own=$2
	shift 2
	if ! "$@" >"$tmp/out" 2>&1; then
		echo "FAIL $name: exit $?"
		cat "$tmp/out" | sed 's/^/  /'
		failed=$((failed + 1))
		return
	fi
	numbers "$tmp/out" >"$tmp/printed"
	cat "$tmp/pack" "$own" | sort -u >"$tmp/known"
	unsourced=$(comm -23 "$tmp/printed" "$tmp/known" | tr '\n' ' ')
	if [ -n "$unsourced" ]; then
		echo "FAIL $name: printed numbers the pack does not hold: $unsourced"
		sed 's/^/  /' "$tmp/out"
		failed=$((failed + 1))
	fi
	checked=$((checked + 1))
}

# The input's own numbers (a chosen depth, a count of needles) are the user's to give.
own_numbers() {
	numbers "$1" >"$tmp/own.$2"
	echo "$tmp/own.$2"
}

n=0
for input in "$src"/tests/scenarios/plan/*.in.json "$src/examples/plan.json"; do
	case $input in */bad_*) continue ;; esac
	n=$((n + 1))
	check "plan $(basename "$input")" "$(own_numbers "$input" $n)" "$bin" plan "$input"
done
for input in "$src"/tests/scenarios/screen/*.in.json "$src/examples/intake.json"; do
	case $input in */bad_*) continue ;; esac
	n=$((n + 1))
	on="--on 2026-11-20"
	[ -f "${input%.in.json}.args" ] && on=$(cat "${input%.in.json}.args")
	# shellcheck disable=SC2086 # the scenario's own options
	check "screen $(basename "$input")" "$(own_numbers "$input" $n)" \
		"$bin" screen $on "$input"
done
for device in pen roller stamp rf; do
	for depth in 0.25 0.5 1 1.5 2; do
		printf '%s\n' "$depth" >"$tmp/own.depth"
		check "aftercare $device $depth mm" "$tmp/own.depth" \
			"$bin" aftercare --date 2026-11-20 --depth "$depth" --device "$device"
	done
done

echo "$checked outputs checked, $failed failed"
[ "$failed" -eq 0 ] && [ "$checked" -gt 100 ]
