# The tutor, served on :8000 with its index built in (docs/deployment.md). Build anywhere with
#   docker build -t mlops-tutor .
# and run with
#   docker run -p 8000:8000 -v tutor-data:/data mlops-tutor
# A local base can stand in for python:3.11-slim (scripts/container-smoke.sh builds on a bare Debian).
ARG BASE=python:3.11-slim
FROM ${BASE}

# Torch comes from PyTorch's CPU wheel index: the default index's torch is the CUDA build.
# For an offline build, set TORCH_INDEX to "" and PIP_FIND_LINKS to a folder holding the wheel.
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
ARG PIP_FIND_LINKS=
ARG PIP_CERT=

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TUTOR_CACHE_DIR=/app/.cache/tutor \
    TUTOR_DATABASE_PATH=/data/tutor.sqlite3

# What the install steps need and a bare Debian lacks: Python's venv and pip, and make. Only what is
# missing is installed (python:3.11-slim has its own Python, so it only gets make).
RUN set -eux; \
    missing=""; \
    command -v python3 >/dev/null 2>&1 || missing="python3"; \
    { python3 -m venv --help && python3 -c "import ensurepip"; } >/dev/null 2>&1 \
        || missing="$missing python3-venv python3-pip"; \
    command -v make >/dev/null 2>&1 || missing="$missing make"; \
    if [ -n "$missing" ]; then \
        apt-get update; \
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing ca-certificates; \
        rm -rf /var/lib/apt/lists/*; \
    fi; \
    useradd --system --create-home --home-dir /home/tutor --uid 10001 --user-group tutor

WORKDIR /app

# The same install steps as `make run` (the Makefile's, not a second recipe): torch first, on its
# own layer (the biggest download, cached across code changes), then the project without dev extras.
# PIP_CERT and PIP_FIND_LINKS reach pip only when they are set.
COPY Makefile ./
RUN set -eux; \
    if [ -n "$PIP_CERT" ]; then export PIP_CERT; else unset PIP_CERT; fi; \
    if [ -n "$PIP_FIND_LINKS" ]; then export PIP_FIND_LINKS; else unset PIP_FIND_LINKS; fi; \
    make torch PYTHON=python3 TORCH_INDEX="$TORCH_INDEX"
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY ingest ./ingest
COPY evals ./evals
COPY corpus ./corpus
COPY index ./index
RUN set -eux; \
    if [ -n "$PIP_CERT" ]; then export PIP_CERT; else unset PIP_CERT; fi; \
    if [ -n "$PIP_FIND_LINKS" ]; then export PIP_FIND_LINKS; else unset PIP_FIND_LINKS; fi; \
    make install PYTHON=python3 EXTRAS=; \
    # The index is built into the image, and the ONNX export cached with it (TUTOR_CACHE_DIR):
    # a container embeds nothing and exports nothing at start.
    .venv/bin/tutor ingest; \
    mkdir -p /data; \
    chown -R tutor:tutor /app/index /app/.cache /data

ENV PATH=/app/.venv/bin:$PATH
USER tutor
EXPOSE 8000
VOLUME ["/data"]
# Slim images have no curl: Python's urllib does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["tutor", "serve", "--host", "0.0.0.0", "--port", "8000"]
