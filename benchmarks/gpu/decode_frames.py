#!/usr/bin/env python3
"""Decodes a video into a Saccade frames file (*.bgr.gz, job/.../bench/FramesFile.java) on a machine with Python's
OpenCV but no Java video decoder (the GPU machine). Resizes as the Java side does: area averaging to shrink, bilinear to
grow. A short clip loops.

    python3 decode_frames.py VIDEO FRAMES WIDTH HEIGHT OUT.bgr.gz
"""
import gzip
import struct
import sys

import cv2

MAGIC = "saccade-bgr24-frames-v1"


def main(video, count, width, height, out):
    cap = cv2.VideoCapture(video)
    frames = []
    while len(frames) < count:
        ok, frame = cap.read()
        if not ok:
            if not frames:
                sys.exit(f"decode_frames: no decodable frame in {video}")
            cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            continue
        h, w = frame.shape[:2]
        shrink = width * height <= w * h
        frames.append(cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR))
    with gzip.open(out, "wb", compresslevel=1) as f:
        magic = MAGIC.encode("utf-8")
        f.write(struct.pack(">H", len(magic)) + magic + struct.pack(">iii", width, height, len(frames)))
        for frame in frames:
            f.write(frame.tobytes())
    print(f"decode_frames: {len(frames)} frames of {video} at {width}x{height} to {out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
