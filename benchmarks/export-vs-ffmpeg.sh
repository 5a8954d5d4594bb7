#!/bin/sh
# Exports one hour of 1080p 4 Mbit/s footage with Nightjar and with ffmpeg -f concat -c copy,
# side by side, and prints the ratio. Argument: a work directory (default benchmarks/target/export-bench).
set -e
DIR=$(cd "$(dirname "$0")/.." && pwd)
(cd "$DIR" && mvn -q -B -DskipTests -pl benchmarks -am package) >&2
exec java -Xmx2g -cp "$DIR/benchmarks/target/classes:$DIR/benchmarks/target/lib/*" io.nightjar.benchmarks.storage.ExportVsFfmpeg \
  "${1:-$DIR/benchmarks/target/export-bench}"
