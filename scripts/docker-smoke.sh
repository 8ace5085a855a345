#!/usr/bin/env bash
# Build the image and answer one question in it. Needs a Docker daemon and the
# python:3.11-slim base image (on a machine with no registry, run
# ../shared/tools/docker-local-base.sh first).
set -euo pipefail
cd "$(dirname "$0")/.."
image=${BANBOT_IMAGE:-banbot:smoke}
docker build --quiet -t "$image" . >/dev/null
echo "image $image: $(docker image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"
docker run --rm "$image" ask "when do updates stop?"
if docker run --rm "$image" health; then
    echo "health must fail when no service is running" >&2
    exit 1
fi
# The store lives on the /data volume: a recorded question is there for the next container.
volume=banbot-smoke-$$
trap 'docker volume rm -f "$volume" >/dev/null' EXIT
docker run --rm -v "$volume:/data" "$image" ask --record "when was kaspersky founded" >/dev/null
docker run --rm -v "$volume:/data" "$image" gaps --json | grep -q '"questions": 1'
echo "docker smoke test passed"
