# Set-up lives here, once: `make run` and `make test` each set up whatever is missing, and a
# second run reinstalls nothing that is already current. The Dockerfile runs the same
# `make torch` and `make install` (without the dev extras).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Torch must be the CPU build. Here pip finds the CPU wheel on local disk (its find-links);
# elsewhere pass TORCH_INDEX=https://download.pytorch.org/whl/cpu.
TORCH_VERSION := 2.13.0
TORCH_INDEX ?=
EXTRAS ?= dev
STAMP := $(VENV)/.installed-$(EXTRAS)
TORCH_STAMP := $(VENV)/.installed-torch-$(TORCH_VERSION)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: torch install system-deps index run test lint typecheck pytest eval bench bench-peers-venv container-smoke attack clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Torch first and on its own: the biggest download, and the one that must be the CPU build.
$(TORCH_STAMP): | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check "torch==$(TORCH_VERSION)" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	touch $@

# Re-run only when pyproject.toml changes; pip itself skips what is already satisfied.
$(STAMP): pyproject.toml $(TORCH_STAMP)
	$(BIN)/pip install --disable-pip-version-check -e ".$(if $(EXTRAS),[$(EXTRAS)])"
	touch $@

torch: $(TORCH_STAMP)

install: $(STAMP)

# Debian packages the tests drive: Chromium for the web page, PostgreSQL for the shared store, Redis for
# rate limits shared by replicas.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

index: $(STAMP)
	$(BIN)/tutor ingest --if-stale

run: index
	$(BIN)/tutor serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) system-deps
	$(BIN)/pytest -W error

eval: index
	$(BIN)/tutor eval
	$(BIN)/tutor eval-tutor

test: lint typecheck pytest eval

# The peers that bench/peers.py measures the tutor against live in their own venv, never in the
# tutor's: torch first (the CPU build, as above), then bench/peers/requirements.txt under the
# frozen versions of bench/peers/constraints.txt.
PEERS_VENV := bench/peers/.venv
PEERS_STAMP := $(PEERS_VENV)/.installed-$(TORCH_VERSION)

$(PEERS_STAMP): bench/peers/requirements.txt bench/peers/constraints.txt
	$(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/pip install --disable-pip-version-check "torch==$(TORCH_VERSION)" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(PEERS_VENV)/bin/pip install --disable-pip-version-check -r bench/peers/requirements.txt -c bench/peers/constraints.txt
	touch $@

bench-peers-venv: $(PEERS_STAMP)

# wrk is the load generator (bench/load.py falls back to an httpx script without it; the peer
# comparison needs wrk).
bench: index bench-peers-venv
	@command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends wrk; }
	$(BIN)/python -m bench

container-smoke:
	scripts/container-smoke.sh

# The attack of issue 14, rerun against `tutor serve` on loopback (outside `make test`; README).
attack:
	scripts/attack.sh

clean:
	rm -rf $(VENV) $(PEERS_VENV) .cache .data index/current index/builds index/.current-* .pytest_cache .mypy_cache .ruff_cache
