#!/usr/bin/env bash
# Runs `./saccade bench teacher --device gpu` on the device machine (no Java, no network; see README.md): decodes the
# carried video at its own size with Python's OpenCV into a frames file, then times the teacher (YOLOX-nano, the ONNX
# graph through PyTorch) per batch size on the GPU, with the same graph on the CPU as the reference for agreement.
#
#   OUT=/some/dir .gpu/teacher-bench.sh VIDEO FRAMES [bench options, e.g. --batch-sizes 1,8,32,64]
#
# TF32 is off unless NVIDIA_TF32_OVERRIDE is set. The teacher's files are taken from .gpu/data/models/yolox (yolox_nano.onnx, coco_classes.txt); REPORT=FILE names
# the report (default $OUT/teacher-gpu.json).
set -euo pipefail
GPU_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${OUT:-$PWD/gpu-out}"
WORK="${WORK:-/tmp/saccade-gpu}"
REPORT="${REPORT:-$OUT/teacher-gpu.json}"
VIDEO="$1"; COUNT="$2"; shift 2
mkdir -p "$OUT" "$WORK"
# the teacher in float32 as on the CPU (TF32 convolutions moved 0.1% of its boxes on an H100); set 1 to measure TF32
export NVIDIA_TF32_OVERRIDE="${NVIDIA_TF32_OVERRIDE:-0}"
say() { echo "teacher-bench: $*" >&2; }

# shellcheck source=gpu-java-env.sh
source "$GPU_DIR/gpu-java-env.sh"

read -r W H < <(python3 -c 'import cv2,sys; c=cv2.VideoCapture(sys.argv[1]); print(int(c.get(3)), int(c.get(4)))' "$VIDEO")
FRAMES="$WORK/teacher-frames.bgr.gz"
python3 "$GPU_DIR/decode_frames.py" "$VIDEO" "$COUNT" "$W" "$H" "$FRAMES"
say "decoded $COUNT frames of $VIDEO at ${W}x${H}"
# shellcheck disable=SC2086
"$JAVA" -Xss2m -Dai.djl.offline=true ${SACCADE_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.logFile=System.err \
  -cp "$GPU_DIR/lib/*" dev.saccade.cli.TeacherBenchCommand --device gpu --data "$GPU_DIR/data" \
  --input "$FRAMES" --frames "$COUNT" --engines pytorch-cpu,pytorch --out "$REPORT" "$@"
say "report $REPORT"
