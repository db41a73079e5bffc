# The tutor, served on :8000 with its index built in (docs/deployment.md). Build anywhere with
#   docker build -t mlops-tutor .
# and run with
#   docker run -p 8000:8000 -v tutor-data:/data mlops-tutor
# A local base can stand in for python:3.11-slim (scripts/container-smoke.sh builds on a bare Debian).
#
# Three stages, and `sources` (the project's files): `builder` installs everything (torch included),
# builds the index and exports the ONNX encoder; `serve-env` installs the serve extra alone; the
# runtime takes that venv, the sources, the builder's index and the model's export folder (int8 ONNX,
# tokenizer). Serving never imports torch, transformers, scipy, sympy or matplotlib
# (tests/bot/test_serve_imports.py), so none of them is in the runtime.
ARG BASE=python:3.11-slim

FROM ${BASE} AS tools
# What the install steps need and a bare Debian lacks: Python's venv and pip, and make. Only what is
# missing is installed (python:3.11-slim has its own Python, so it only gets make). Versions are not
# pinned: the base may be any Debian release, and a pin for one fails on another; nothing installed
# here reaches the runtime stage.
# hadolint ignore=DL3008
RUN set -eux; \
    set --; \
    command -v python3 >/dev/null 2>&1 || set -- "$@" python3; \
    { python3 -m venv --help && python3 -c "import ensurepip"; } >/dev/null 2>&1 \
        || set -- "$@" python3-venv python3-pip; \
    command -v make >/dev/null 2>&1 || set -- "$@" make; \
    if [ "$#" -gt 0 ]; then \
        apt-get update; \
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" ca-certificates; \
        rm -rf /var/lib/apt/lists/*; \
    fi
ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app


# The project's sources, once, for the stages below (corpus/ apart: only the index is built from it).
FROM scratch AS sources
COPY Makefile pyproject.toml README.md /app/
COPY bot /app/bot
COPY ingest /app/ingest
COPY evals /app/evals
COPY index /app/index


FROM tools AS builder
# Torch comes from PyTorch's CPU wheel index: the default index's torch is the CUDA build.
# For an offline build, set TORCH_INDEX to "" and PIP_FIND_LINKS to a folder holding the wheel.
# PIP_CERT and PIP_FIND_LINKS reach pip only when they are set (the Makefile drops them when empty).
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
ARG PIP_FIND_LINKS=
ARG PIP_CERT=
ENV TUTOR_CACHE_DIR=/app/.cache/tutor
# The same install steps as `make run` (the Makefile's, not a second recipe): torch first, on its
# own layer (the biggest download, cached across code changes), then the serve and ingest extras.
COPY Makefile ./
RUN make torch PYTHON=python3 TORCH_INDEX="$TORCH_INDEX"
COPY --from=sources /app ./
COPY corpus ./corpus
RUN set -eux; \
    make install PYTHON=python3 EXTRAS=serve,ingest; \
    .venv/bin/tutor ingest; \
    # The model's export folder (int8 ONNX, tokenizer, encoder.json) is the runtime's model: a
    # container embeds with it and exports nothing; the weights and the fp32 export stay behind.
    mv .cache/tutor/onnx/model-* /app/encoder; \
    rm -rf .cache/tutor/onnx /app/encoder/model.onnx


FROM tools AS serve-env
ARG PIP_FIND_LINKS=
ARG PIP_CERT=
COPY --from=sources /app ./
# What the server never runs goes: pip and setuptools (they install); the Hugging Face Hub client
# that tokenizers depends on for downloads, with hf-xet and fsspec (the server runs offline and reads
# tokenizer.json from the encoder folder: tests/bot/test_serve_imports.py shows nothing imports
# them); ONNX Runtime's model-optimisation tools (transformers, quantization, tools, datasets), which
# inference never imports; and the dependencies' own test suites. Together about 25 MB.
RUN make install PYTHON=python3 EXTRAS=serve \
    && .venv/bin/python -m pip uninstall -y huggingface-hub hf-xet fsspec pip setuptools \
    && rm -rf .venv/lib/python3*/site-packages/onnxruntime/transformers \
        .venv/lib/python3*/site-packages/onnxruntime/quantization \
        .venv/lib/python3*/site-packages/onnxruntime/tools \
        .venv/lib/python3*/site-packages/onnxruntime/datasets \
    && find .venv/lib -depth -type d -name tests -path '*/site-packages/*' -exec rm -rf {} +


FROM ${BASE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/app/.venv/bin:$PATH \
    TUTOR_CACHE_DIR=/app/.cache/tutor \
    TUTOR_EMBEDDING_MODEL=/app/encoder \
    TUTOR_DATABASE_PATH=/data/tutor.sqlite3
WORKDIR /app
COPY --from=sources /app ./
COPY corpus ./corpus
COPY --from=serve-env /app/.venv ./.venv
COPY --from=builder /app/encoder ./encoder
# Writable by the server: an admin rebuild publishes a new build beside the current one (and reuses the
# embedding cache).
COPY --from=builder --chown=10001:10001 /app/index ./index
COPY --from=builder --chown=10001:10001 /app/.cache/tutor ./.cache/tutor
# The server's user, and the folders it writes made its own (a copy into a folder keeps the folder's
# owner from the copy's source, so this comes after them).
RUN groupadd --gid 10001 tutor \
    && useradd --uid 10001 --gid 10001 --create-home --home-dir /home/tutor tutor \
    && mkdir -p /data \
    && chown 10001:10001 /data /app/index /app/.cache /app/.cache/tutor

USER 10001
EXPOSE 8000
VOLUME ["/data"]
# Slim images have no curl: Python's urllib does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["tutor", "serve", "--host", "0.0.0.0", "--port", "8000"]
