#!/bin/sh
# Every C file follows the committed .clang-format. usage: format.sh SOURCE_DIR
set -u
cd "$1" || exit 1
bad=0
total=0
for f in $(find include src tests bench -name '*.c' -o -name '*.h' | sort); do
	total=$((total + 1))
	if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
		echo "FAIL not formatted: $f (run: make format)"
		bad=$((bad + 1))
	fi
done
echo "$((total - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
