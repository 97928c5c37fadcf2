# The two commands of the README, and the pieces they are made of.
#   make demo   install what is missing, build, run the demo
#               (report at barometer-demo/index.html)
#   make check  install what is missing, build, run every test, then the
#               same tests under AddressSanitizer + UndefinedBehaviorSanitizer

BUILD ?= build
SAN_BUILD ?= build-san
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build demo check test test-san clean

all: build

deps:
	scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	rm -rf barometer-demo
	$(BUILD)/barometer demo --out barometer-demo

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

test-san: deps
	cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DBAR_SANITIZE=ON >/dev/null
	cmake --build $(SAN_BUILD) -j$(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(SAN_BUILD) --output-on-failure -j$(JOBS)

check: test test-san

clean:
	rm -rf $(BUILD) $(SAN_BUILD) barometer-demo
