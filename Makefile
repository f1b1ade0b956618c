# A thin front over CMake and ctest. `make run` and `make test` work on a fresh Debian 12 machine:
# `make run` installs what building and running need (scripts/packages-run.txt) and builds the
# program alone; `make test` adds what the tests use (scripts/packages-test.txt, and the browser
# tests' npm packages) and builds everything.
BUILD      ?= build
ASAN_BUILD ?= build/asan
FUZZ_BUILD ?= build/fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
# cmake's own makefiles run under this one: keep their "Entering directory" lines out of the way
MAKEFLAGS  += --no-print-directory

.PHONY: all deps deps-run program build run test test-asan test-fuzz format bench clean install deb

all: build

deps-run:
	@./scripts/install-deps run

deps:
	@./scripts/install-deps run test
	@./scripts/install-node-deps

# the program alone: what `make run` and `make install` need
program: deps-run
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target needlepoint >$(BUILD)/build.log 2>&1 || \
		{ cat $(BUILD)/build.log; exit 1; }

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) >$(BUILD)/build.log 2>&1 || { cat $(BUILD)/build.log; exit 1; }

LISTEN     ?= 127.0.0.1:8080
DB         ?= needlepoint.db

# The main job: the clinic's server on the embedded SQLite database ./needlepoint.db. It prints
# its address and how to sign in the first time; Ctrl-C (or SIGTERM) stops it cleanly.
run: program
	@$(BUILD)/needlepoint serve --listen $(LISTEN) --db $(DB)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-asan
	@$(MAKE) --no-print-directory test-fuzz

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DNP_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

test-fuzz: deps
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DNP_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)
	cd $(FUZZ_BUILD) && ctest --output-on-failure -L fuzz

PREFIX     ?= /usr/local

# The program, its pack and web files, the man pages and the docs, under PREFIX (in DESTDIR, when
# set, as a package build does).
install: program
	@cmake --install $(BUILD) --prefix $(PREFIX)

# The Debian package of the committed (or staged) tree, into $(BUILD)/deb (docs/deploy.md).
deb: deps
	@./scripts/make-deb $(BUILD)/deb

bench: build
	@./bench/run $(BUILD)

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)
