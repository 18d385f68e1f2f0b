# Bulwark developer entry points. See README.md.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
export CCACHE_SLOPPINESS := pch_defines,time_macros,include_file_mtime,include_file_ctime
export CCACHE_DIR ?= $(CURDIR)/.cache/ccache

.PHONY: setup build test run bench fuzz format clean

setup:
	bash scripts/setup.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DBULWARK_SANITIZE=ON -DBULWARK_BUILD_TESTS=ON

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# All tests: GoogleTest suites via CTest (ASan+UBSan build), including the corpora in
# ../shared and the differential tests against the reference implementations.
test: build
	bash scripts/test.sh $(BUILD)

# The main job on bundled sample data with the embedded database.
run: build
	bash scripts/run-sample.sh $(BUILD)

bench: setup
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DBULWARK_BUILD_TESTS=OFF -DBULWARK_BUILD_BENCH=ON
	cmake --build build-release -j $(JOBS)
	bash bench/run.sh build-release

# Fuzz every parser with AFL++ for FUZZ_SECONDS (default 60) each.
fuzz:
	bash scripts/fuzz.sh

format:
	find src apps tests bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-release
