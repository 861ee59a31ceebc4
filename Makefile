# Entry points a user needs; everything real is in CMake and scripts/.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: deps configure ordlint build release-build release run test test-sanitize test-tsan fuzz-smoke sanitize-build bench format format-check clean

deps:
	./scripts/install-deps.sh

configure:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DORDLINT_WERROR=ON >/dev/null

# Just the binary (what `make run` runs).
ordlint: configure
	cmake --build $(BUILD) --target ordlint -j $(JOBS)

# The binary and the tests.
build: configure
	cmake --build $(BUILD) -j $(JOBS)

# The release binary (preset release-static: statically linked, stripped) in build-static/.
release-build:
	JOBS=$(JOBS) scripts/release/build.sh

# The release binary and its packages in dist/ (what the release workflow publishes).
release:
	JOBS=$(JOBS) scripts/release/build.sh --package dist

# Install, build the binary only, and lint the bundled examples (they contain deliberate mistakes).
run: deps ordlint
	$(BUILD)/ordlint testdata/examples || true

# Install, check the formatting, build each configuration once (warnings are errors), and run
# the whole test suite: the tests (also of the release binary, its packages and the Action),
# the same tests under AddressSanitizer + UndefinedBehaviorSanitizer (less those of the
# release binary and the Action, which do not run the sanitizer build: CMakePresets.json),
# and a 60-second fuzz run.
test: deps format-check build release-build sanitize-build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	ctest --preset sanitize -j $(JOBS)
	fuzz/run.sh 60

# The sanitizer build (clang): the test suite under ASan + UBSan, and the fuzz target.
sanitize-build:
	CC=clang CXX=clang++ cmake --preset sanitize >/dev/null
	cmake --build --preset sanitize -j $(JOBS)

test-sanitize: sanitize-build
	ctest --preset sanitize -j $(JOBS)

# The test suite under ThreadSanitizer (clang), for changes to what runs on several threads
# (loading, rules, schema validation, the language server). Not part of `make test`.
test-tsan: deps
	CC=clang CXX=clang++ cmake --preset tsan >/dev/null
	cmake --build --preset tsan -j $(JOBS)
	ctest --preset tsan -j $(JOBS)

fuzz-smoke: sanitize-build
	fuzz/run.sh 60

# Speed against peers and targets (needs ../shared/corpus); writes bench/RESULTS.md.
bench:
	bench/run.sh

# clang-format (root .clang-format, version 14) over every C++ file: `format` rewrites them,
# `format-check` fails on any file that is not formatted.
format:
	scripts/format

format-check:
	scripts/format --check

clean:
	rm -rf $(BUILD) build-dev build-static build-sanitize build-tsan build-bench dist
