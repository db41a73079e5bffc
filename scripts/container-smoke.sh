#!/usr/bin/env bash
# Build the image with podman against a Debian base made here (no registry can be pulled on these
# machines), run its filesystem, and check that it answers /chat. Outside `make test`; see
# shared notes "containers.md" for why each step is done this way. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${SMOKE_DIR:-/tmp/tutor-container-smoke}
BASE_IMAGE=localhost/bookworm-py:latest
IMAGE=localhost/mlops-tutor:smoke
PORT=${SMOKE_PORT:-18080}
mkdir -p "$WORK"

need=""
command -v podman >/dev/null || need="$need podman"
command -v debootstrap >/dev/null || need="$need debootstrap"
if [ -n "$need" ]; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $need
fi

# 1. A base image: minimal Debian bookworm with Python 3.11, venv, pip and make (made once).
if ! podman image exists "$BASE_IMAGE"; then
    rm -rf "$WORK/rootfs"
    debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,make,ca-certificates \
        bookworm "$WORK/rootfs"
    tar -C "$WORK/rootfs" -c . | podman import - "$BASE_IMAGE"
    rm -rf "$WORK/rootfs"
fi

# 2. Build. chroot isolation (the default runtime fails on these machines' cgroups), the host's
#    network and CA bundle, and the host's local CPU torch wheel (pip's find-links) mounted in.
WHEELS=$(pip config get global.find-links 2>/dev/null || echo /opt/wheels)
started=$(date +%s)
podman build --isolation=chroot --network=host \
    -v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/host-ca.crt:ro \
    -v "$WHEELS:$WHEELS:ro" \
    --build-arg BASE="$BASE_IMAGE" \
    --build-arg PIP_CERT=/etc/ssl/certs/host-ca.crt \
    --build-arg PIP_FIND_LINKS="$WHEELS" \
    --build-arg TORCH_INDEX= \
    -t "$IMAGE" .
echo "image built in $(( $(date +%s) - started )) s; size: $(podman image inspect "$IMAGE" --format '{{.Size}}') bytes"

# 3. `podman run` cannot set rlimits here, so run the image's filesystem directly.
cid=$(podman create "$IMAGE" /bin/true)
rm -rf "$WORK/root" && mkdir -p "$WORK/root"
podman export "$cid" | tar -x -C "$WORK/root"
podman rm "$cid" >/dev/null
mount --bind /proc "$WORK/root/proc" 2>/dev/null || true
cleanup() {
    [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
    umount "$WORK/root/proc" 2>/dev/null || true
}
trap cleanup EXIT
chroot "$WORK/root" /usr/bin/env -i HOME=/home/tutor PATH=/usr/bin:/bin \
    TUTOR_HOST=127.0.0.1 TUTOR_PORT="$PORT" TUTOR_CACHE_DIR=/app/.cache/tutor \
    TUTOR_DATABASE_PATH=/data/tutor.sqlite3 \
    /bin/sh -c "cd /app && exec /app/.venv/bin/tutor serve" > "$WORK/serve.log" 2>&1 &
server=$!

for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then break; fi
    sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/readyz"
echo
answer=$(curl -fsS -X POST "http://127.0.0.1:$PORT/chat" -H 'content-type: application/json' \
    -d '{"message": "What is the passing score?"}')
echo "$answer" | head -c 400
echo
if ! echo "$answer" | grep -q '70%'; then
    echo "container smoke test FAILED: /chat did not answer with the pass mark" >&2
    exit 1
fi
echo "container smoke test passed: the image built and answered /chat"
