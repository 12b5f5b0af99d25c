# The commands users type. CMake does the building; see README.md.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
CTEST_ARGS ?= --output-on-failure -j$(JOBS)
# seconds each libFuzzer harness runs: in `make check`, and in `make fuzz`
CHECK_FUZZ_SECONDS ?= 20
FUZZ_SECONDS ?= 600
FUZZ_JOBS  ?= $(JOBS)

.PHONY: all deps build check check-release check-asan fuzz run clean format

all: build

deps:
	@scripts/deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory

# All tests on the release build, then all again under ASan+UBSan (clang),
# which also runs every libFuzzer harness briefly. A tool a test needs that
# is missing fails it; WARD_ALLOW_SKIP=1 skips it instead, and the last
# line says what was skipped (the tests write BUILD/skipped.txt).
check: check-release check-asan
	@skips=$$(cat $(BUILD)/skipped.txt $(ASAN_BUILD)/skipped.txt \
		2>/dev/null | sort -u | paste -sd';' | sed 's/;/; /g'); \
	if [ -n "$$skips" ]; then echo "make check: SKIPPED $$skips"; \
	else echo "make check: nothing skipped"; fi

check-release: build
	rm -f $(BUILD)/skipped.txt
	cd $(BUILD) && ctest $(CTEST_ARGS)

check-asan: deps
	CC=clang-14 cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug \
		-DWARD_SANITIZE=ON -DWARD_FUZZ=ON \
		-DWARD_FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS) >/dev/null
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	rm -f $(ASAN_BUILD)/skipped.txt $(ASAN_BUILD)/fuzz-results/*.txt
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest $(CTEST_ARGS)
	@cat $(ASAN_BUILD)/fuzz-results/*.txt

# Every libFuzzer harness for FUZZ_SECONDS (default 10 minutes each,
# FUZZ_JOBS at a time) under ASan+UBSan, after its regression inputs; then
# the coverage each reached. Crashing inputs go to $(ASAN_BUILD)/fuzz-results/.
fuzz: deps
	CC=clang-14 cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug \
		-DWARD_SANITIZE=ON -DWARD_FUZZ=ON \
		-DWARD_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	rm -f $(ASAN_BUILD)/fuzz-results/*.txt
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j$(FUZZ_JOBS) -R '^fuzz/'
	@cat $(ASAN_BUILD)/fuzz-results/*.txt

run: build
	scripts/run.sh $(BUILD)/ward

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

format:
	clang-format -i $$(git ls-files 'src/*.[ch]' 'include/*.h' 'tests/*.[ch]')
