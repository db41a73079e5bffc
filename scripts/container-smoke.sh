#!/usr/bin/env bash
# Build the image with podman against a bare Debian base made here (no registry image can be
# pulled on these machines), run the image's filesystem, and check that it answers /chat.
# Outside `make test` (`make container-smoke`); needs root. Safe to run again: the base image is
# made once, the build reuses podman's layer cache, the extracted filesystem is replaced.
# Why each step is done this way: /work/shared/notes/containers.md and docs/deployment.md.
#
#   SMOKE_DIR=/tmp/tutor-container-smoke  where the filesystem and the server log go
#   SMOKE_PORT=18080                      loopback port for the server
#   SMOKE_NO_CACHE=1                      build without podman's layer cache (a full build's time)
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${SMOKE_DIR:-/tmp/tutor-container-smoke}
BASE_IMAGE=localhost/bookworm-bare:2
IMAGE=localhost/mlops-tutor:smoke
PORT=${SMOKE_PORT:-18080}
ROOT="$WORK/root"
mkdir -p "$WORK"

if [ "$(id -u)" != 0 ]; then
    echo "run as root (debootstrap, podman and chroot need it)" >&2
    exit 2
fi
need=""
command -v podman >/dev/null || need="$need podman"
command -v debootstrap >/dev/null || need="$need debootstrap"
command -v curl >/dev/null || need="$need curl"
if [ -n "$need" ]; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $need
fi

# 1. The base: a minimal Debian bookworm with only its python3 (3.11), no pip, venv or make, so
#    the Dockerfile's "install what is missing from Debian" step is exercised. Made once. Like the
#    slim images it stands in for, it keeps no apt lists or package cache, translations, docs or
#    manuals.
if ! podman image exists "$BASE_IMAGE"; then
    rm -rf --one-file-system "$WORK/base"
    debootstrap --variant=minbase --include=python3 bookworm "$WORK/base"
    chroot "$WORK/base" apt-get clean
    rm -rf "$WORK/base"/var/lib/apt/lists/* "$WORK/base"/usr/share/locale/* \
        "$WORK/base"/usr/share/doc/* "$WORK/base"/usr/share/man/*
    tar -C "$WORK/base" -c . | podman import - "$BASE_IMAGE"
    rm -rf --one-file-system "$WORK/base"
fi

# 2. Build: chroot isolation (the default runtime fails on these machines' cgroups), the host's
#    network and CA bundle, and the host's local CPU torch wheel (pip's find-links) mounted in.
#    Docker format, so that HEALTHCHECK is kept (the OCI format drops it).
WHEELS=$(pip config get global.find-links 2>/dev/null || echo /opt/wheels)
CA=/etc/ssl/certs/ca-certificates.crt
started=$(date +%s)
podman build --isolation=chroot --network=host --format docker \
    ${SMOKE_NO_CACHE:+--no-cache} \
    -v "$CA:/etc/ssl/certs/host-ca.crt:ro" \
    -v "$WHEELS:$WHEELS:ro" \
    --build-arg BASE="$BASE_IMAGE" \
    --build-arg PIP_CERT=/etc/ssl/certs/host-ca.crt \
    --build-arg PIP_FIND_LINKS="$WHEELS" \
    --build-arg TORCH_INDEX= \
    -t "$IMAGE" .
build_s=$(($(date +%s) - started))
size=$(podman image inspect "$IMAGE" --format '{{.Size}}')
echo "image built in ${build_s} s; size $((size / 1000000)) MB"
podman image inspect "$IMAGE" --format 'healthcheck: {{.Config.Healthcheck.Test}}; user: {{.Config.User}}; cmd: {{.Config.Cmd}}'

# 3. `podman run` cannot set rlimits here, so run the image's filesystem in a chroot, as the
#    image's user, with the image's environment and working directory.
cleanup() {
    if [ -n "${server:-}" ] && kill -0 "$server" 2>/dev/null; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    if mountpoint -q "$ROOT/proc"; then umount "$ROOT/proc" || umount -l "$ROOT/proc"; fi
}
trap cleanup EXIT
if mountpoint -q "$ROOT/proc"; then umount "$ROOT/proc" || umount -l "$ROOT/proc"; fi
rm -rf --one-file-system "$ROOT"
mkdir -p "$ROOT"
cid=$(podman create --no-healthcheck "$IMAGE" /bin/true)  # only to export its files
podman export "$cid" | tar -x -C "$ROOT"
podman rm "$cid" >/dev/null
mount --bind /proc "$ROOT/proc"

mapfile -t image_env < <(podman image inspect "$IMAGE" --format '{{range .Config.Env}}{{println .}}{{end}}' | sed '/^$/d')
workdir=$(podman image inspect "$IMAGE" --format '{{.Config.WorkingDir}}')
# The image's numeric USER; its group is the one of that uid in the image's /etc/passwd.
uid=$(podman image inspect "$IMAGE" --format '{{.Config.User}}')
gid=$(chroot "$ROOT" id -g "$uid")
# What the runtime holds: Python distributions, and none of the build-time libraries.
distributions=$(chroot "$ROOT" /app/.venv/bin/python -c \
    "import importlib.metadata as m; print(len({d.metadata['Name'].lower() for d in m.distributions()}))")
echo "python distributions in the image: $distributions"
for module in torch transformers sentence_transformers scipy sympy matplotlib sklearn; do
    if chroot "$ROOT" /app/.venv/bin/python -c "import $module" 2>/dev/null; then
        echo "container smoke test FAILED: the runtime image holds $module" >&2
        exit 1
    fi
done
admin_token=$(head -c 33 /dev/urandom | base64 | tr -d '/+=' | head -c 40)
started_ns=$(date +%s%N)
chroot --userspec="$uid:$gid" "$ROOT" /usr/bin/env -i "${image_env[@]}" HOME=/home/tutor \
    TUTOR_ADMIN_TOKEN="$admin_token" \
    /bin/sh -c "cd '$workdir' && exec tutor serve --host 127.0.0.1 --port $PORT" >"$WORK/serve.log" 2>&1 &
server=$!

ready=""
for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$PORT/readyz" >"$WORK/readyz.json" 2>/dev/null; then
        ready_ms=$((($(date +%s%N) - started_ns) / 1000000))
        ready="$((ready_ms / 1000)).$(printf %03d $((ready_ms % 1000)))"
        break
    fi
    if ! kill -0 "$server" 2>/dev/null; then
        echo "the server exited; its log:" >&2
        tail -20 "$WORK/serve.log" >&2
        exit 1
    fi
    sleep 0.25
done
if [ -z "$ready" ]; then
    echo "container smoke test FAILED: /readyz not ready within 60 s" >&2
    tail -20 "$WORK/serve.log" >&2
    exit 1
fi
echo "ready ${ready} s after start: $(cat "$WORK/readyz.json")"

# The image's health check, as its own user would run it (port aside).
chroot --userspec="$uid:$gid" "$ROOT" /app/.venv/bin/python -c \
    "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=4)"
echo "healthcheck command: ok"

answer=$(curl -fsS -X POST "http://127.0.0.1:$PORT/chat" -H 'content-type: application/json' \
    -d '{"message": "What is the passing score?"}')
echo "$answer" | head -c 400
echo
if ! grep -q '70%' <<<"$answer"; then
    echo "container smoke test FAILED: /chat did not answer with the pass mark" >&2
    exit 1
fi
# An everyday question, answered as in the eval only when the image's encoder folder holds the model's
# English words (vocab.txt): without them the speller took "starter" for a typo and the tutor quoted
# the prerequisites FAQ.
answer=$(curl -fsS -X POST "http://127.0.0.1:$PORT/chat" -H 'content-type: application/json' \
    -d '{"message": "What do people get wrong on the starter exam?"}')
if ! grep -qi 'data versioning' <<<"$answer"; then
    echo "container smoke test FAILED: an everyday question was not answered from the foundation" \
        "level's common mistakes: $(head -c 300 <<<"$answer")" >&2
    exit 1
fi
echo "everyday question: answered from the foundation level's common mistakes"
# A live rebuild in the image, which has no torch: the int8 ONNX encoder embeds, the index is swapped.
rebuilt=$(curl -fsS -X POST "http://127.0.0.1:$PORT/admin/reindex" -H "authorization: Bearer $admin_token")
echo "admin reindex: $rebuilt" | head -c 300
echo
if ! grep -q '"build_id"' <<<"$rebuilt"; then
    echo "container smoke test FAILED: /admin/reindex did not rebuild" >&2
    exit 1
fi
echo "container smoke test passed: the image (built in ${build_s} s, $((size / 1000000)) MB," \
    "$distributions Python distributions) answered /chat"
