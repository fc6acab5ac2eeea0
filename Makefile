# The two front doors: `make demo` and `make test` (set-up included).
SANITIZE ?=
JOBS ?= $(shell nproc)
ifeq ($(SANITIZE),)
BUILD_DIR ?= build
else ifeq ($(SANITIZE),thread)
BUILD_DIR ?= build-tsan
# Suppressions for third-party code only, each with its reason (scripts/tsan.supp).
export TSAN_OPTIONS ?= suppressions=$(CURDIR)/scripts/tsan.supp halt_on_error=1 second_deadlock_stack=1
else
BUILD_DIR ?= build-sanitize
endif
# Sanitizer builds run the C++ and end-to-end tests; the dashboard and deploy checks test
# JSON/YAML files, which a sanitizer cannot change.
ifneq ($(SANITIZE),)
CTEST_ARGS ?= -LE "^(dashboards|deploy|container)$$"
endif
# make fuzz: libFuzzer targets (clang) in their own build; FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_CXX ?= clang++-14
# make soak: the exporter against five9_sim's chaos scenario for SOAK_MINUTES.
SOAK_MINUTES ?= 60

.PHONY: all deps configure build test demo bench clean format format-check tidy fuzz soak

all: build

deps:
	./scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD_DIR) -DFIVE9_SANITIZE=$(SANITIZE)

build: configure
	cmake --build $(BUILD_DIR) -j$(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS) --timeout 900 $(CTEST_ARGS)

demo: build
	./scripts/demo.sh $(BUILD_DIR)

bench: build
	./scripts/bench.sh $(BUILD_DIR)

fuzz: deps
	cmake -S . -B $(FUZZ_BUILD_DIR) -DCMAKE_CXX_COMPILER=$(FUZZ_CXX) -DFIVE9_FUZZ=ON \
	  -DFIVE9_SANITIZE=address,undefined
	cmake --build $(FUZZ_BUILD_DIR) -j$(JOBS) --target fuzz_all
	@# The simulator's own responses seed the parsers (its tests record them).
	cmake --build build -j$(JOBS) --target sim_test five9_sim 2>/dev/null || true
	./scripts/fuzz.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS) $(JOBS) build

soak: build
	./scripts/soak.sh build $(SOAK_MINUTES)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

# CI's gates: the tree is clang-format clean; clang-tidy with .clang-tidy finds nothing.
format-check:
	./scripts/check-format.sh

tidy: configure
	./scripts/tidy.sh $(BUILD_DIR) $(JOBS)

clean:
	rm -rf build build-sanitize build-tsan build-fuzz
