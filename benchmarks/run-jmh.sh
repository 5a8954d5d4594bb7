#!/bin/sh
# Builds the benchmarks and runs JMH. Arguments go to JMH, e.g.:
#   benchmarks/run-jmh.sh IngestPath -prof gc
set -e
DIR=$(cd "$(dirname "$0")/.." && pwd)
(cd "$DIR" && mvn -q -B -DskipTests -pl benchmarks -am package) >&2
exec java -cp "$DIR/benchmarks/target/classes:$DIR/benchmarks/target/lib/*" org.openjdk.jmh.Main "$@"
