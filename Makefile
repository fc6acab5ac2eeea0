# The two front doors: `make demo` and `make test` (set-up included).
SANITIZE ?=
JOBS ?= $(shell nproc)
ifeq ($(SANITIZE),)
BUILD_DIR ?= build
else
BUILD_DIR ?= build-sanitize
endif

.PHONY: all deps configure build test demo bench clean format

all: build

deps:
	./scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD_DIR) -DFIVE9_SANITIZE=$(SANITIZE)

build: configure
	cmake --build $(BUILD_DIR) -j$(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS) --timeout 900

demo: build
	./scripts/demo.sh $(BUILD_DIR)

bench: build
	./scripts/bench.sh $(BUILD_DIR)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf build build-sanitize
