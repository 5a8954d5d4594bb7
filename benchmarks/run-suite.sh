#!/bin/sh
# The whole JMH suite in one command, with allocation profiling (-prof gc), one fork, short
# iterations: ingest path, fMP4 writer, index at 10 M fragments, export assembly, motion search,
# decode + motion per frame. Results also go to benchmarks/target/jmh-suite.txt.
#   benchmarks/run-suite.sh [extra JMH arguments]
set -e
DIR=$(cd "$(dirname "$0")/.." && pwd)
"$DIR/benchmarks/run-jmh.sh" -prof gc -f 1 -wi 3 -i 5 -rf text -rff "$DIR/benchmarks/target/jmh-suite.txt" "$@"
