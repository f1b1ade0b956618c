#!/bin/sh
# Documentation that runs: every "$ command" in a ```console block of README.md and docs/*.md, and
# in the EXAMPLES of the man pages, is run from the source directory with the program on PATH,
# and what it prints (stdout and stderr) must be the lines written under it.
# usage: doc_examples.sh NEEDLEPOINT SOURCE_DIR
set -u
bin=$1
src=$2
bindir=$(cd "$(dirname "$bin")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# Turn a document into numbered examples: DOC.N.cmd (the command) and DOC.N.want (its output).
extract() {
	awk -v base="$tmp/$1" '
	/^```console$/ { inblock = 1; next }
	/^\.nf$/ && examples { inblock = 1; next }
	/^```$/ || /^\.fi$/ { inblock = 0; next }
	/^\.SH EXAMPLES/ { examples = 1 }
	/^\.SH / && !/EXAMPLES/ { examples = 0 }
	function unroff(text) { gsub(/\\-/, "-", text); gsub(/\\e/, "\\", text); return text }
	inblock && /^\$ / {
		n++
		print unroff(substr($0, 3)) > (base "." n ".cmd"); close(base "." n ".cmd")
		printf "" > (base "." n ".want"); close(base "." n ".want")
		next
	}
	inblock && n > 0 { print unroff($0) >> (base "." n ".want"); close(base "." n ".want") }
	' "$2"
}

for doc in "$src/README.md" "$src"/docs/*.md "$src"/docs/man/*.1; do
	[ -f "$doc" ] || continue
	name=$(basename "$doc" | tr '.' '_')
	extract "$name" "$doc"
done

for c in "$tmp"/*.cmd; do
	[ -f "$c" ] || continue
	want=${c%.cmd}.want
	(cd "$src" && PATH="$bindir:$PATH" sh -c "$(cat "$c")") >"$tmp/got" 2>&1
	if cmp -s "$tmp/got" "$want"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $(basename "$c" .cmd): $(cat "$c")"
		diff "$want" "$tmp/got" | sed 's/^/  /' | head -30
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
