#!/usr/bin/env bash
# Installs what the tests need (when missing), builds, runs every test, and ends with
# "N passed, N failed, N skipped". With CI=true a missing tool fails its tests instead of skipping.
set -uo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use: container tools, the registry, compilers for the examples.
# gcc-12-multilib, not the gcc-multilib metapackage: that one conflicts with every cross compiler.
PACKAGES=(
  ca-certificates tzdata netbase media-types
  runc umoci skopeo docker-registry apache2-utils openssl
  gcc g++ libc6-dev make musl-tools golang-go gcc-12-multilib pigz rustc ldc nim
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross clang zlib1g-dev openjdk-17-jdk-headless binutils
  gnupg gpgv dpkg-dev apt-utils xz-utils zstd
  # distill build's examples (issue 6): a toolchain per language; Zig is not packaged in Debian 12
  cargo cmake crystal nodejs python3 ruby php-cli
  # a Rust app using OpenSSL, built offline from Debian's crate registry (/usr/share/cargo/registry)
  librust-openssl-dev
  # a Maven project built offline with Debian's packaged plugins (/usr/share/maven-repo)
  maven libmaven-compiler-plugin-java libmaven-jar-plugin-java libmaven-resources-plugin-java libsurefire-java
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The Debian-tier tests reach the configured mirror through apt: its indexes must exist.
if [ ${#missing[@]} -gt 0 ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ]; then
  echo "Installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq && { [ ${#missing[@]} -eq 0 ] || $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || { echo "apt-get install failed for: ${missing[*]}"; [ "${CI:-}" = "true" ] && echo "0 passed, 1 failed" && exit 1; }
fi

log=$(mktemp)
dotnet test --solution Distill.slnx "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -1 | grep -oE '[0-9]+' || true; }
total=$(count total); failed=$(count failed); passed=$(count succeeded); skipped=$(count skipped)
rm -f "$log"
if [ -z "$total" ]; then
  # The build failed or the test host crashed before a summary: report it as a failure.
  echo "0 passed, 1 failed"
  exit 1
fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
[ "$status" -eq 0 ] && [ "${failed:-0}" -eq 0 ]
