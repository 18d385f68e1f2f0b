# Bulwark developer entry points. See README.md.
#   make run      optimised binary (no sanitizers, no tests) in build-release/, then the sample job
#   make test     its own ASan+UBSan tree in build/ with every test suite, then the walk-throughs
#   make install  PREFIX=/usr/local DESTDIR=: binary, man page, bash and zsh completions
#   make package  a Debian package (CPack) in build-release/
RELEASE ?= build-release
BUILD ?= build
PREFIX ?= /usr/local
JOBS ?= $(shell nproc)
# One compiler cache outside the checkout, shared by every clone on this machine: paths are
# rewritten relative to the checkout and the build directory is not hashed.
CACHE_HOME := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)
export CCACHE_DIR ?= $(CACHE_HOME)/bulwark/ccache
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR := true
export CCACHE_SLOPPINESS := pch_defines,time_macros,include_file_mtime,include_file_ctime
export CCACHE_MAXSIZE ?= 10G

.PHONY: setup build test run bench fuzz format format-check install package package-test clean

setup:
	bash scripts/setup.sh

$(RELEASE)/build.ninja:
	cmake -S . -B $(RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=Release -DBULWARK_SANITIZE=OFF -DBULWARK_BUILD_TESTS=OFF \
	  -DCMAKE_INSTALL_PREFIX=$(PREFIX)

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBULWARK_SANITIZE=ON -DBULWARK_BUILD_TESTS=ON

# The binary users get: optimised, no sanitizers, no test suites.
build: setup $(RELEASE)/build.ninja
	cmake --build $(RELEASE) -j $(JOBS)

# The main job on bundled sample data with the embedded database.
run: build
	bash scripts/run-sample.sh $(RELEASE)

# All tests: GoogleTest suites via CTest on the ASan+UBSan tree, the corpora in ../shared, the
# differential tests against the reference implementations and the walk-throughs.
test: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)
	bash scripts/test.sh $(BUILD)

install: build
	cmake --install $(RELEASE) --prefix $(PREFIX)

package: build
	cd $(RELEASE) && cpack -G DEB

# Installs the package into a scratch root and scans the sample with it (run by CI).
package-test: package
	bash scripts/package-test.sh $(RELEASE)

bench: setup
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DBULWARK_BUILD_TESTS=OFF -DBULWARK_BUILD_BENCH=ON
	cmake --build build-bench -j $(JOBS)
	bash bench/run.sh build-bench

# Fuzz every parser with AFL++ for FUZZ_SECONDS (default 60) each.
fuzz:
	bash scripts/fuzz.sh

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

# CI: fails when a C++ file is not formatted as .clang-format says.
format-check:
	bash scripts/check-format.sh

clean:
	rm -rf $(BUILD) $(RELEASE) build-bench
