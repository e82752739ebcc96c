#!/usr/bin/env bash
# Image sizes with --base closure next to the distroless tier each program would otherwise need
# (that tier built by `distill base` from the same Debian packages), as a markdown table.
# Sizes are compressed layer bytes (what a registry stores and a pull downloads).
# Usage: bench/closure-sizes.sh   (needs gcc, g++, rustc, go, ldc2, nim, clang, the .NET SDK)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-/tmp/distill-closure-sizes}
rm -rf "$work" && mkdir -p "$work"
dotnet build src/Distill.Cli -c Release -o "$work/distill" -v q >/dev/null
distill() { DISTILL_CACHE="$work/cache" "$work/distill/distill" "$@"; }

size_of() { # sum of the compressed layers of an OCI layout's only image
  skopeo inspect --raw "oci:$1" | python3 -c 'import json,sys; print(sum(l["size"] for l in json.load(sys.stdin)["layers"]))'
}
mib() { python3 -c "print(f'{$1/1048576:.1f}')"; }

hello='#include <stdio.h>
int main(void){puts("hello");return 0;}'
cpp='#include <iostream>
int main(){std::cout<<"hello"<<std::endl;return 0;}'
mkdir -p "$work/src" && cd "$work/src"
echo "$hello" > hello.c && gcc -O2 -o gcc-dynamic hello.c
echo "$cpp" > hello.cpp && g++ -O2 -o gpp-dynamic hello.cpp
echo 'fn main(){ println!("hello"); }' > hello.rs && rustc -O -o rust-default hello.rs
mkdir -p gocgo && cp -r /work/main/examples/hello-go/. gocgo/ 2>/dev/null || cp -r "$OLDPWD/examples/hello-go/." gocgo/
(cd gocgo && CGO_ENABLED=1 go build -trimpath -o ../go-cgo-net .)
echo 'import std.stdio; void main(){ writeln("hello"); }' > hello.d && ldc2 -O -of=d-ldc2 hello.d
echo 'echo "hello"' > hellonim.nim && nim c -d:release --hints:off -o:nim-default hellonim.nim >/dev/null 2>&1
mkdir -p dn && cd dn && cat > app.csproj <<'EOP'
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><SatelliteResourceLanguages>en</SatelliteResourceLanguages></PropertyGroup></Project>
EOP
echo 'System.Console.WriteLine("hello");' > Program.cs
dotnet publish -c Release -r linux-x64 --self-contained -o ../dotnet-sc -v q >/dev/null
dotnet publish -c Release -r linux-x64 -p:PublishAot=true -p:InvariantGlobalization=true -o ../dotnet-aot -v q >/dev/null
cd ..

distill base base -o "oci:$work/tier-base:t" -q >/dev/null
distill base cc -o "oci:$work/tier-cc:t" -q >/dev/null
base=$(size_of "$work/tier-base:t"); cc=$(size_of "$work/tier-cc:t")

echo "| program | image on --base closure | tier it replaces | image on that tier (tier + app) | closure / tier |"
echo "|---|---:|---|---:|---:|"
row() { # name input tier [extra pack args]
  local name=$1 input=$2 tier=$3; shift 3
  distill pack "$input" --base closure "$@" -o "oci:$work/img-$name:t" -q >/dev/null
  distill pack "$input" --base scratch "$@" -o "oci:$work/app-$name:t" -q >/dev/null
  local s; s=$(size_of "$work/img-$name:t")
  local t; t=$(( $([ "$tier" = cc ] && echo "$cc" || echo "$base") + $(size_of "$work/app-$name:t") ))
  echo "| $name | $(mib "$s") MiB | $tier | $(mib "$t") MiB | $(python3 -c "print(f'{$s/$t:.2f}')") |"
}
row "gcc (C, dynamic)" gcc-dynamic base
row "g++ (C++, libstdc++)" gpp-dynamic cc
row "Rust (default target)" rust-default cc
row "Go (cgo, net)" go-cgo-net base
row "D (ldc2 default)" d-ldc2 cc
row "Nim (default)" nim-default base
row ".NET 10 self-contained (ICU; cc lacks ICU, so it would not run there)" dotnet-sc cc --entrypoint /app/app
row ".NET 10 NativeAOT" dotnet-aot/app base
