#!/usr/bin/env bash
# Sourced by the GPU bench scripts beside it (see README.md): with GPU_DIR (the folder prepare.sh filled), WORK and OUT
# set, unpacks the Java runtime into $WORK/jre (JAVA), compiles DJL's PyTorch JNI against the machine's own libtorch
# with CUDA (or takes GPU_DIR/libdjl_torch.so from an earlier run), and exports what points DJL at both.
export OPT_OUT_TRACKING=true OMP_WAIT_POLICY=PASSIVE
nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv,noheader >&2 || say "no nvidia-smi"
read -r TORCH_VERSION CUDA_VERSION TORCH_DIR TORCH_CMAKE < <(python3 -c '
import os, torch
print(torch.__version__.split("+")[0], torch.version.cuda, os.path.dirname(torch.__file__), torch.utils.cmake_prefix_path)')
[ "$CUDA_VERSION" != None ] || { say "this PyTorch ($TORCH_VERSION) has no CUDA"; exit 1; }
FLAVOR="cu${CUDA_VERSION//./}"                       # 13.0 -> cu130
DJL_VERSION="$(cat "$GPU_DIR/djl/VERSION")"
say "torch $TORCH_VERSION ($FLAVOR) at $TORCH_DIR; DJL $DJL_VERSION; $(cmake --version | head -1); $(g++ --version | head -1)"

# 1. Java
rm -rf "$WORK/jre" && tar xzf "$GPU_DIR/jre.tar.gz" -C "$WORK"
JAVA="$WORK/jre/bin/java"
"$JAVA" -version 2>&1 | head -1 >&2

# 2. DJL's JNI against this libtorch, where DJL looks for it with PYTORCH_LIBRARY_PATH set:
#    $DJL_CACHE_DIR/pytorch/<PYTORCH_VERSION>-<PYTORCH_FLAVOR>-linux-x86_64/<DJL version>-libdjl_torch.so
export DJL_CACHE_DIR="$WORK/djl-cache" PYTORCH_LIBRARY_PATH="$TORCH_DIR/lib" PYTORCH_VERSION="$TORCH_VERSION" \
  PYTORCH_FLAVOR="$FLAVOR"
JNI_DIR="$DJL_CACHE_DIR/pytorch/$TORCH_VERSION-$FLAVOR-linux-x86_64"
JNI="$JNI_DIR/$DJL_VERSION-libdjl_torch.so"
mkdir -p "$JNI_DIR"
if [ -f "$JNI" ]; then
  say "using $JNI built earlier on this machine"
elif [ -f "$GPU_DIR/libdjl_torch.so" ]; then
  say "using the carried $GPU_DIR/libdjl_torch.so"
  cp "$GPU_DIR/libdjl_torch.so" "$JNI"
else
  SRC="$GPU_DIR/djl/engines/pytorch/pytorch-native"
  BUILD="$WORK/jni-build"
  rm -rf "$BUILD"
  T0=$SECONDS
  cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$TORCH_CMAKE" -DUSE_CUDA=1 \
    -DJAVA_HOME="$WORK/jre" -DJAVA_INCLUDE_PATH="$GPU_DIR/jdk-include" -DJAVA_INCLUDE_PATH2="$GPU_DIR/jdk-include/linux" \
    -DJAVA_JVM_LIBRARY="$WORK/jre/lib/server/libjvm.so" -DJAVA_AWT_LIBRARY=NotNeeded \
    -DJAVA_AWT_INCLUDE_PATH=NotNeeded > "$OUT/jni-cmake.log" 2>&1 || { tail -40 "$OUT/jni-cmake.log" >&2; exit 1; }
  cmake --build "$BUILD" -j "$(nproc)" > "$OUT/jni-build.log" 2>&1 || { grep -m 20 -B2 -A6 'error' "$OUT/jni-build.log" >&2; exit 1; }
  cp "$BUILD/libdjl_torch.so" "$JNI"
  cp "$BUILD/libdjl_torch.so" "$OUT/libdjl_torch.so"   # carry it as .gpu/libdjl_torch.so to skip this next time
  say "built libdjl_torch.so in $((SECONDS - T0)) s"
fi

# libtorch_cuda finds its CUDA libraries through its RUNPATH; libdjl_torch.so, linked against the CUDA toolkit's, gets
# the same ones from here
NV_LIBS="$(find "$(dirname "$TORCH_DIR")/nvidia" -name 'libcudart.so*' -printf '%h:' 2>/dev/null || true)"
export LD_LIBRARY_PATH="$TORCH_DIR/lib:${NV_LIBS}${LD_LIBRARY_PATH:-}"

