#!/usr/bin/env bash
# Fills DEST (default: .gpu/ of this checkout) with what benchmarks/gpu/focus-bench.sh needs on a GPU machine that has
# no Java and no network: a small Java runtime (jlink), the bench's jars, the JDK's JNI headers, and DJL's PyTorch JNI
# sources (tag v${DJL_VERSION}) with their generated header, to be compiled there against the machine's own libtorch.
#
#   mvn -o -q -pl job -am package -DskipTests         # builds the bench's jars
#   benchmarks/gpu/prepare.sh [--dest DIR] [--djl-src DJL_GIT_DIR]
#
# --djl-src: a git clone of github.com/deepjavalibrary/djl holding the tag (default: a shallow clone of the tag).
# Nothing here belongs in git: DEST must be ignored (echo /.gpu/ >> .git/info/exclude).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="$ROOT/.gpu"
DJL_SRC=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dest) DEST="$2"; shift 2 ;;
    --djl-src) DJL_SRC="$2"; shift 2 ;;
    *) echo "prepare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
CP_FILE="$ROOT/cli/target/classpath.txt"
[ -f "$CP_FILE" ] || { echo "prepare.sh: build first: mvn -o -q -pl cli -am package -DskipTests" >&2; exit 2; }
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
[ -f "$JAVA_HOME/include/jni.h" ] || { echo "prepare.sh: no JDK 17 with include/jni.h at $JAVA_HOME" >&2; exit 2; }

# the bench's runtime classpath: Saccade's scenes, models and job jars, DJL's API and PyTorch engine (not its bundled
# CPU natives nor its prebuilt JNI: the GPU machine builds its own against its libtorch), JSON, logging, CLI, JNA
jar_of() { tr ':' '\n' < "$CP_FILE" | grep -E "/$1-[0-9][^/]*\.jar$" | head -1; }
DJL_VERSION="$(basename "$(jar_of api)" .jar)"; DJL_VERSION="${DJL_VERSION#api-}"
rm -rf "$DEST"
mkdir -p "$DEST/lib"
for a in api pytorch-engine gson jna jackson-core jackson-databind jackson-annotations slf4j-api picocli \
         saccade-scenes saccade-models saccade-schemas saccade-operators; do
  f="$(jar_of "$a")"
  [ -n "$f" ] || { echo "prepare.sh: $a not on $CP_FILE" >&2; exit 2; }
  cp "$f" "$DEST/lib/"
done
SLF4J_VERSION="$(basename "$(jar_of slf4j-api)" .jar)"; SLF4J_VERSION="${SLF4J_VERSION#slf4j-api-}"
cp "$HOME/.m2/repository/org/slf4j/slf4j-simple/$SLF4J_VERSION/slf4j-simple-$SLF4J_VERSION.jar" "$DEST/lib/"
for f in "$ROOT"/job/target/saccade-job-*.jar "$ROOT"/bench/target/saccade-bench-*.jar \
         "$ROOT"/cli/target/saccade-cli-*.jar; do
  case "$f" in *-flink-job.jar) ;; *) cp "$f" "$DEST/lib/" ;; esac
done

# a Java runtime of the modules the bench uses (jdeps: java.base; java.management and jdk.unsupported for the engines, java.logging for JNA)
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.unsupported --strip-debug --no-header-files \
  --no-man-pages --compress=2 --output "$DEST/jre"
tar czf "$DEST/jre.tar.gz" -C "$DEST" jre
rm -rf "$DEST/jre"
cp -r "$JAVA_HOME/include" "$DEST/jdk-include"

# DJL's PyTorch JNI sources at the tag of the DJL version the project uses, and the JNI header javac generates
if [ -z "$DJL_SRC" ]; then
  DJL_SRC="$(mktemp -d)/djl"
  git clone -q --depth 1 --branch "v$DJL_VERSION" https://github.com/deepjavalibrary/djl "$DJL_SRC"
fi
mkdir -p "$DEST/djl"
git --git-dir="$(git -C "$DJL_SRC" rev-parse --absolute-git-dir)" archive "v$DJL_VERSION" \
  engines/pytorch/pytorch-native/CMakeLists.txt engines/pytorch/pytorch-native/src/main/native \
  api/src/main/native engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java \
  | tar x -C "$DEST/djl"
NATIVE="$DEST/djl/engines/pytorch/pytorch-native"
mkdir -p "$NATIVE/build/include" "$DEST/tmp-classes"
"$JAVA_HOME/bin/javac" -h "$NATIVE/build/include" -d "$DEST/tmp-classes" \
  "$DEST/djl/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
rm -rf "$DEST/tmp-classes" "$DEST/djl/engines/pytorch/pytorch-engine"
echo "$DJL_VERSION" > "$DEST/djl/VERSION"

cp "$ROOT"/benchmarks/gpu/{focus-bench.sh,teacher-bench.sh,skipconv-blocks-bench.sh,cpu-check.sh,gpu-java-env.sh,decode_frames.py,focus_reference.py} "$DEST/"
du -sh "$DEST" >&2
