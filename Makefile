# Entry points a user needs; everything real is in CMake and scripts/.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: deps build run test clean

deps:
	./scripts/install-deps.sh

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

# Install, build, and lint the bundled examples (they contain deliberate mistakes).
run: deps build
	$(BUILD)/ordlint testdata/examples || true

# Install, build, and run the whole test suite.
test: deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD)
