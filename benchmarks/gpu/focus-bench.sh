#!/usr/bin/env bash
# Runs `./saccade bench focus --device gpu` on a GPU machine with Python's PyTorch but no Java and no network (the
# device machine of the `run` tool; see benchmarks/gpu/README.md). Uses what benchmarks/gpu/prepare.sh put into the
# folder this script lies in (.gpu/): unpacks the Java runtime, compiles DJL's PyTorch JNI (libdjl_torch.so) against
# the machine's own libtorch with CUDA (or takes GPU_DIR/libdjl_torch.so from an earlier run), points DJL at both,
# and runs the bench from a plain classpath. Arguments go to the bench; the report is $OUT/focus-$DEVICE.json.
#
#   OUT=/some/dir .gpu/focus-bench.sh [--seconds 10] [--batch-sizes 1,8,16,32,64] [--every-exit]
#                                     [--precision float16] [--python-reference .gpu/focus_reference.py]
#
# DEVICE=cpu measures the same machine's CPU instead; REPORT=FILE names the report; SACCADE_JAVA_OPTS adds JVM
# options (e.g. -Dai.djl.pytorch.cudnn_benchmark=true).
set -euo pipefail
GPU_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${SACCADE_ROOT:-$(cd "$GPU_DIR/.." && pwd)}"   # the checkout: models/bundle
OUT="${OUT:-$PWD/gpu-out}"
WORK="${WORK:-/tmp/saccade-gpu}"
DEVICE="${DEVICE:-gpu}"
REPORT="${REPORT:-$OUT/focus-$DEVICE.json}"
mkdir -p "$OUT" "$WORK"
say() { echo "focus-bench: $*" >&2; }

# shellcheck source=gpu-java-env.sh
source "$GPU_DIR/gpu-java-env.sh"

# 3. the bench
# shellcheck disable=SC2086
"$JAVA" -Xss2m -Dai.djl.offline=true ${SACCADE_JAVA_OPTS:-} -Dsaccade.home="$ROOT" \
  -Dorg.slf4j.simpleLogger.logFile=System.err -cp "$GPU_DIR/lib/*" dev.saccade.cli.FocusBenchCommand \
  --device "$DEVICE" --model "$ROOT/models/bundle" --out "$REPORT" "$@"
say "report $REPORT"
