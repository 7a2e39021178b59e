# OneMission: `make run` serves the demo mission at http://localhost:8080; `make test` runs every test.
BUILD ?= build
JOBS ?= $(shell nproc)
DB ?= onemission.db
PORT ?= 8080

.PHONY: all setup build web run test lint bench check-long fuzz clean

all: build

setup:
	@scripts/setup

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: setup $(BUILD)/build.ninja web
	cmake --build $(BUILD) -j $(JOBS)

web:
	@scripts/build-web

run: build
	@test -f $(DB) || $(BUILD)/onemission --db $(DB) demo
	$(BUILD)/onemission --db $(DB) serve --port $(PORT)

test: build
	@scripts/run-tests

lint: setup $(BUILD)/build.ninja
	@scripts/lint

bench: build
	@scripts/run-bench
	@scripts/run-bench-access
	@BENCH_ACCESS_PARTNER_ROWS=100000 BENCH_ACCESS_RESULT=access-partner scripts/run-bench-access

check-long: build
	@scripts/run-tests --long

clean:
	rm -rf $(BUILD) web/dist
