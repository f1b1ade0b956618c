#!/bin/sh
# `make run` needs none of the test tools. Its list of packages (scripts/packages-run.txt) names
# none of them, and with cmocka hidden from pkg-config, as on a machine that has only that list,
# CMake configures without the tests and the program builds alone and plans.
# usage: run.sh SOURCE_DIR
set -eu
src=$(cd "$1" && pwd)
tmp=$(mktemp -d /tmp/np-lean.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "lean: $*" >&2
	exit 1
}

for tool in libcmocka-dev clang postgresql chromium nodejs nginx-light wrk hyperfine; do
	if grep -qx "$tool" "$src/scripts/packages-run.txt"; then
		fail "scripts/packages-run.txt installs $tool, which only the tests use"
	fi
	grep -qx "$tool" "$src/scripts/packages-test.txt" || fail "no list installs $tool"
done

real=$(command -v pkg-config)
cat >"$tmp/pkg-config" <<WRAP
#!/bin/sh
for a in "\$@"; do case "\$a" in cmocka*) exit 1 ;; esac; done
exec "$real" "\$@"
WRAP
chmod +x "$tmp/pkg-config"
start=$(date +%s)
cmake -S "$src" -B "$tmp/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DPKG_CONFIG_EXECUTABLE="$tmp/pkg-config" >"$tmp/configure.log" 2>&1 ||
	fail "configure: $(cat "$tmp/configure.log")"
grep -q "the tests are left out" "$tmp/configure.log" || fail "the tests were configured"
cmake --build "$tmp/build" -j "$(nproc)" --target needlepoint >"$tmp/build.log" 2>&1 ||
	fail "build: $(tail -20 "$tmp/build.log")"
"$tmp/build/needlepoint" plan "$src/examples/plan.json" | grep -q "^course: " ||
	fail "the program built alone does not plan"
echo "lean: the program alone configured and built in $(($(date +%s) - start)) s"
