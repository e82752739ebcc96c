#!/usr/bin/env bash
# Distill's main job on an included example: compile examples/hello-c statically with musl,
# pack it FROM scratch + the static essentials into an OCI layout, and show how to run it.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/distill-demo}

if ! command -v musl-gcc >/dev/null; then
  echo "Installing musl-tools (for musl-gcc)..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends musl-tools gcc libc6-dev ca-certificates tzdata >/dev/null
fi

mkdir -p "$out"
musl-gcc -static -O2 -o "$out/hello" examples/hello-c/hello.c
dotnet run --project src/Distill.Cli -v q -- pack "$out/hello" --base static --cmd features -o "oci:$out/image:latest"

if command -v umoci >/dev/null && command -v runc >/dev/null && [ "$(id -u)" -eq 0 ]; then
  echo "Running it with umoci + runc:"
  rm -rf "$out/bundle"
  umoci unpack --image "$out/image:latest" "$out/bundle" >/dev/null
  sed -i 's/"terminal": *true/"terminal":false/' "$out/bundle/config.json"
  runc run --bundle "$out/bundle" "distill-demo-$$"
fi
