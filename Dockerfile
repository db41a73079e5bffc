# The tutor, served on :8000 with its index built in. Build anywhere with
#   docker build -t mlops-tutor .
# and run with
#   docker run -p 8000:8000 -v tutor-data:/data mlops-tutor
# A local base can stand in for python:3.11-slim (see scripts/container-smoke.sh).
ARG BASE=python:3.11-slim
FROM ${BASE}

# Torch comes from PyTorch's CPU wheel index: the default index's torch is the CUDA build.
# For an offline build, set TORCH_INDEX to "" and PIP_FIND_LINKS to a folder holding the wheel.
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
ARG PIP_FIND_LINKS=
ARG PIP_CERT=

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TUTOR_HOST=0.0.0.0 \
    TUTOR_PORT=8000 \
    TUTOR_CACHE_DIR=/app/.cache/tutor \
    TUTOR_DATABASE_PATH=/data/tutor.sqlite3

# A base without pip, venv or make (a bare Debian) gets them from Debian.
RUN set -eux; \
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -m ensurepip --version >/dev/null 2>&1 \
        || ! command -v make >/dev/null 2>&1; then \
        apt-get update; \
        apt-get install -y --no-install-recommends python3 python3-venv python3-pip make ca-certificates; \
        rm -rf /var/lib/apt/lists/*; \
    fi; \
    useradd --system --create-home --home-dir /home/tutor --uid 10001 tutor

WORKDIR /app

# The same install steps as `make run`: the Makefile's torch, then the project (no dev extras).
COPY Makefile ./
RUN set -eux; \
    [ -n "$PIP_CERT" ] && export PIP_CERT || unset PIP_CERT; \
    [ -n "$PIP_FIND_LINKS" ] && export PIP_FIND_LINKS || unset PIP_FIND_LINKS; \
    make torch PYTHON=python3 TORCH_INDEX="$TORCH_INDEX"
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY ingest ./ingest
COPY evals ./evals
COPY corpus ./corpus
COPY index/README.md ./index/README.md
RUN set -eux; \
    [ -n "$PIP_CERT" ] && export PIP_CERT || unset PIP_CERT; \
    [ -n "$PIP_FIND_LINKS" ] && export PIP_FIND_LINKS || unset PIP_FIND_LINKS; \
    make install PYTHON=python3 EXTRAS=; \
    # The index is built into the image (and the ONNX export cached with it): ready in seconds.
    .venv/bin/tutor ingest; \
    mkdir -p /data; \
    chown -R tutor:tutor /app/index /app/.cache /data

USER tutor
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/app/.venv/bin/python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["/app/.venv/bin/tutor", "serve"]
