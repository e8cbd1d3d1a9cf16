#!/usr/bin/env bash
# Runs dev.saccade.bench.CpuCheck (the oneDNN guard's decision, the bundle's self-check, the op audit, dense glance
# and dense model ms per clip on the CPU) on the GPU machine's host CPU, twice: as the guard decides there, and with
# oneDNN capped at SSE41, the cap's cost on that CPU. Same setup as focus-bench.sh (this machine's libtorch, DJL's JNI
# built against it). Reports: $OUT/cpu-check-auto.json and $OUT/cpu-check-sse41.json.
#
#   OUT=/some/dir .gpu/cpu-check.sh
set -euo pipefail
GPU_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${SACCADE_ROOT:-$(cd "$GPU_DIR/.." && pwd)}"   # the checkout: models/bundle
OUT="${OUT:-$PWD/gpu-out}"
WORK="${WORK:-/tmp/saccade-gpu}"
mkdir -p "$OUT" "$WORK"
say() { echo "cpu-check: $*" >&2; }

# shellcheck source=gpu-java-env.sh
source "$GPU_DIR/gpu-java-env.sh"
lscpu > "$OUT/lscpu.txt" || true
ls /sys/devices/system/cpu/cpu0/cache > "$OUT/cpu0-cache.txt" 2>&1 || true

for isa in auto SSE41; do
  name="$(echo "$isa" | tr 'A-Z' 'a-z')"
  # shellcheck disable=SC2086
  SACCADE_ONEDNN_MAX_ISA="$isa" "$JAVA" -Xss2m -Dai.djl.offline=true ${SACCADE_JAVA_OPTS:-} -Dsaccade.home="$ROOT" \
    -Dorg.slf4j.simpleLogger.logFile=System.err -cp "$GPU_DIR/lib/*" dev.saccade.bench.CpuCheck \
    "$ROOT/models/bundle" "$OUT/cpu-check-$name.json" > /dev/null
  say "report $OUT/cpu-check-$name.json"
done
