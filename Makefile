# licit - the short commands. CMake does the building; this file only
# drives it so the README can say `make`, `make test` and `make demo`.

PREFIX ?= /usr/local
BUILD ?= build
SANBUILD ?= build-asan
FUZZBUILD ?= build-fuzz
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60
SHARED_DATA ?= $(abspath ../shared/data)

.PHONY: all deps build test test-fast test-asan demo bench eval fuzz fuzz-ci \
	install clean format

all: build

deps:
	@scripts/install-deps

$(BUILD)/Makefile: deps CMakeLists.txt
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DLICIT_SHARED_DATA=$(SHARED_DATA) >/dev/null

build: $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS)

# Every test, then every test again under ASan + UBSan; in CI (CI=true)
# also each fuzz target briefly. scripts/test-pg runs ctest beside a
# throwaway PostgreSQL (unless LICIT_TEST_PG names one already), so the
# store tests run on both backends.
test: test-fast test-asan $(if $(filter true,$(CI)),fuzz-ci)

test-fast: build
	@scripts/test-pg run ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(SANBUILD) -DCMAKE_BUILD_TYPE=Debug -DLICIT_SANITIZE=ON \
		-DLICIT_SHARED_DATA=$(SHARED_DATA) >/dev/null
	@cmake --build $(SANBUILD) -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		scripts/test-pg run ctest --test-dir $(SANBUILD) --output-on-failure \
		-j $(JOBS)

demo: build
	@scripts/demo $(BUILD)/licit

bench: build
	@bench/run $(BUILD)/licit

# Matching quality on the dev sets (issue 3's figures).
eval: build
	@scripts/eval $(BUILD)/licit

# libFuzzer targets, FUZZ_SECONDS each (CI runs them briefly).
fuzz: deps
	@cmake -S . -B $(FUZZBUILD) -DCMAKE_C_COMPILER=clang \
		-DCMAKE_BUILD_TYPE=Debug -DLICIT_FUZZ=ON >/dev/null
	@cmake --build $(FUZZBUILD) -j $(JOBS)
	@scripts/run-fuzzers $(FUZZBUILD) $(FUZZ_SECONDS)

fuzz-ci:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

format:
	@clang-format -i include/*.h src/*/*.[ch] tests/*/*.c tests/*.[ch] \
		fuzz/*.[ch] tools/*.c

clean:
	@rm -rf $(BUILD) $(SANBUILD) $(FUZZBUILD)
