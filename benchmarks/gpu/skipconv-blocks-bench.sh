#!/usr/bin/env bash
# Runs `./saccade bench skipconv-blocks --device gpu` on a GPU machine with Python's PyTorch and OpenCV but no Java and
# no network (the `run` tool's device machine; see README.md): decodes VIDEO with Python's OpenCV into a frames file,
# then runs the bench from the jars prepare.sh put into the folder this script lies in (.gpu/). Arguments after the
# size go to the bench; the report is $OUT/skipconv-blocks-<W>x<H>.json.
#
#   OUT=/some/dir .gpu/skipconv-blocks-bench.sh VIDEO FRAMES WIDTH HEIGHT [--streams 1,16,64] [--block-sizes 1,2,4,8]
set -euo pipefail
GPU_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${SACCADE_ROOT:-$(cd "$GPU_DIR/.." && pwd)}"   # the checkout: models/bundle
OUT="${OUT:-$PWD/gpu-out}"
WORK="${WORK:-/tmp/saccade-gpu}"
DEVICE="${DEVICE:-gpu}"
VIDEO="$1" FRAMES="$2" WIDTH="$3" HEIGHT="$4"
shift 4
REPORT="${REPORT:-$OUT/skipconv-blocks-${WIDTH}x${HEIGHT}.json}"
mkdir -p "$OUT" "$WORK"
say() { echo "skipconv-blocks-bench: $*" >&2; }

# shellcheck source=gpu-java-env.sh
source "$GPU_DIR/gpu-java-env.sh"

FRAMES_FILE="$WORK/$(basename "$VIDEO" | tr . _)-${WIDTH}x${HEIGHT}.bgr.gz"
python3 "$GPU_DIR/decode_frames.py" "$VIDEO" "$FRAMES" "$WIDTH" "$HEIGHT" "$FRAMES_FILE"
# shellcheck disable=SC2086
"$JAVA" -Xss2m -Dai.djl.offline=true ${SACCADE_JAVA_OPTS:-} -Dsaccade.home="$ROOT" \
  -Dorg.slf4j.simpleLogger.logFile=System.err -cp "$GPU_DIR/lib/*" dev.saccade.cli.SkipConvBlocksBenchCommand \
  --input "$FRAMES_FILE" --device "$DEVICE" --model "$ROOT/models/bundle" --out "$REPORT" "$@"
say "report $REPORT"
