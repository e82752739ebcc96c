#!/usr/bin/env bash
# Push a 100 MiB image to a loopback docker-registry, first time and again, with distill and with
# skopeo (the same OCI layout, same registry), timed side by side by hyperfine. Prints the ratios.
# Needs: dotnet, docker-registry, skopeo, hyperfine, python3 (all from Debian/NuGet; see test.sh).
# Usage: bench/push.sh [RUNS]   (default 5 runs per command)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
for tool in docker-registry skopeo hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "bench/push.sh: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d /tmp/distill-bench-push.XXXXXX)
trap 'cleanup' EXIT
cleanup() { rm -rf "$work"; }

# The shipped form: a NativeAOT binary (no JIT or runtime start-up; needs clang and zlib1g-dev).
# JIT=1 measures the framework-dependent Release build instead.
if [ "${JIT:-0}" = "1" ]; then
  dotnet build -c Release src/Distill.Cli -v q -nologo >/dev/null
  distill="dotnet $PWD/src/Distill.Cli/bin/Release/net10.0/distill.dll"
else
  dotnet publish src/Distill.Cli -c Release -r linux-x64 -o "$work/aot" -v q -nologo >/dev/null
  distill="$work/aot/distill"
fi
export DISTILL_CACHE="$work/cache"

# The image: one 100 MiB incompressible file on scratch (a 100 MiB layer).
head -c 100M /dev/urandom > "$work/blob.bin"
$distill pack "$work/blob.bin" --base scratch --entrypoint /app/blob.bin -q -o "oci:$work/layout:bench" >/dev/null
layout="oci:$work/layout:bench"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
reg="127.0.0.1:$port"
cat > "$work/registry.yml" <<YAML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/storage
http:
  addr: 127.0.0.1:$port
  secret: bench
YAML
# (Re)starts the registry with empty storage, so a "first push" really uploads every byte
# (skopeo remembers where blobs live and would otherwise mount them from an earlier run).
cat > "$work/fresh-registry.sh" <<SH
#!/usr/bin/env bash
[ -f "$work/registry.pid" ] && kill \$(cat "$work/registry.pid") 2>/dev/null && sleep 0.2
rm -rf "$work/storage"
docker-registry serve "$work/registry.yml" >>"$work/registry.log" 2>&1 &
echo \$! > "$work/registry.pid"
for _ in \$(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && exit 0; sleep 0.05; done
exit 1
SH
chmod +x "$work/fresh-registry.sh"
cleanup() { [ -f "$work/registry.pid" ] && kill "$(cat "$work/registry.pid")" 2>/dev/null; rm -rf "$work"; }

# First push: an empty registry each run, so every blob is uploaded.
hyperfine --runs "$RUNS" --warmup 1 --prepare "$work/fresh-registry.sh" --export-json "$work/first.json" \
  -n "distill first push" "$distill copy -q $layout docker://$reg/first/distill:1" \
  -n "skopeo first push" "skopeo copy -q --dest-tls-verify=false $layout docker://$reg/first/skopeo:1"

# Second push: the same repository again; every blob is already there.
"$work/fresh-registry.sh"
$distill copy -q "$layout" "docker://$reg/again-distill:1" >/dev/null
skopeo copy -q --dest-tls-verify=false "$layout" "docker://$reg/again-skopeo:1"
hyperfine --runs "$((RUNS * 2))" --warmup 1 --export-json "$work/second.json" \
  -n "distill second push" "$distill copy -q $layout docker://$reg/again-distill:1" \
  -n "skopeo second push" "skopeo copy -q --dest-tls-verify=false $layout docker://$reg/again-skopeo:1"

python3 - "$work/first.json" "$work/second.json" <<'PY'
import json, sys
for path, goal in zip(sys.argv[1:], ("<= 1.2", "<= 1.0")):
    r = {x["command"]: x for x in json.load(open(path))["results"]}
    d, s = [v for k, v in r.items() if k.startswith("distill")][0], [v for k, v in r.items() if k.startswith("skopeo")][0]
    kind = "first" if "first" in d["command"] else "second"
    print(f"{kind} push: distill {d['mean']:.3f} s ± {d['stddev']:.3f}, skopeo {s['mean']:.3f} s ± {s['stddev']:.3f}, "
          f"ratio distill/skopeo = {d['mean'] / s['mean']:.2f} (goal {goal})")
PY
