#!/usr/bin/env bash
# Packs the same ~100 MiB app directory (the files of an installed .NET runtime: real binaries,
# not zeros) with Distill, umoci and buildah, and times the stock-tool floor: a deterministic
# tar | tee(sha256 = diffID) | pigz -p N | tee(blob) | sha256 pipeline at Distill's gzip level.
# Prints medians (hyperfine), ratios against Distill, and each tool's compressed layer size.
# Usage: bench/pack.sh [runs]   (needs root for buildah/umoci; installs hyperfine, pigz, buildah, umoci)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=${BENCH_DIR:-/tmp/distill-bench}
level=2
cores=$(nproc)

need=()
for p in hyperfine pigz buildah umoci; do command -v "$p" >/dev/null || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi

rm -rf "$work" && mkdir -p "$work/app"
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
cp -a "$dotnet_root"/shared/Microsoft.NETCore.App/*/. "$work/app/"
cp -a "$dotnet_root"/shared/Microsoft.AspNetCore.App/*/. "$work/app/aspnet/"
input=$(du -sb "$work/app" | cut -f1)
echo "input: $((input / 1024 / 1024)) MiB in $(find "$work/app" -type f | wc -l) files, $cores cores"

# NativeAOT: no JIT or runtime start-up in the timings (needs clang and zlib1g-dev).
dotnet publish src/Distill.Cli -c Release -r linux-x64 -o "$work/distill" -v q >/dev/null
distill="$work/distill/distill"

cat > "$work/umoci.sh" <<EOS
set -e
rm -rf $work/umoci && umoci init --layout $work/umoci && umoci new --image $work/umoci:t
umoci unpack --image $work/umoci:t $work/umoci-bundle >/dev/null
cp -a $work/app $work/umoci-bundle/rootfs/app
umoci repack --image $work/umoci:t $work/umoci-bundle
rm -rf $work/umoci-bundle
EOS
cat > "$work/buildah.sh" <<EOS
set -e
ctr=\$(buildah --storage-driver vfs from scratch)
buildah --storage-driver vfs copy \$ctr $work/app /app >/dev/null
rm -rf $work/buildah && buildah --storage-driver vfs commit -q --disable-compression=false \$ctr oci:$work/buildah:t >/dev/null
buildah --storage-driver vfs rm \$ctr >/dev/null
EOS
cat > "$work/floor.sh" <<EOS
set -e
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C $work/app -cf - . \
  | tee >(sha256sum > $work/floor.diffid) | pigz -p $cores -$level -n | tee $work/floor.tar.gz | sha256sum > $work/floor.digest
EOS

hyperfine --runs "$runs" --warmup 1 --export-csv "$work/results.csv" \
  -n distill "rm -rf $work/out && DISTILL_CACHE=$work/cache $distill pack $work/app --base scratch --no-cache --entrypoint /app/dotnet -o oci:$work/out:t -q" \
  -n umoci "bash $work/umoci.sh" \
  -n buildah "bash $work/buildah.sh" \
  -n floor "bash $work/floor.sh" >/dev/null

layer_size() { # biggest blob in an OCI layout = the app layer
  find "$1/blobs" -type f -printf '%s\n' | sort -n | tail -1
}
declare -A size=(
  [distill]=$(layer_size "$work/out")
  [umoci]=$(layer_size "$work/umoci")
  [buildah]=$(layer_size "$work/buildah")
  [floor]=$(stat -c %s "$work/floor.tar.gz")
)
distill_median=$(awk -F, '$1=="distill"{print $4}' "$work/results.csv")
printf '\n%-8s %10s %14s %12s %12s\n' tool median_s "time/distill" layer_MiB "layer/input"
while IFS=, read -r name mean stddev median rest; do
  [ "$name" = command ] && continue
  s=${size[$name]}
  printf '%-8s %10.3f %14.2f %12.1f %11.1f%%\n' "$name" "$median" "$(echo "$median / $distill_median" | bc -l)" \
    "$(echo "$s / 1048576" | bc -l)" "$(echo "100 * $s / $input" | bc -l)"
done < "$work/results.csv"
echo "(time/distill > 1 means slower than Distill; the floor is the stock-tool lower bound)"
