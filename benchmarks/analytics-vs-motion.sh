#!/bin/bash
# Side by side, on the same RTSP streams: CPU per camera of Nightjar's analytics (decode + motion,
# light, tamper) and of the Debian motion daemon (decode + motion detection, no output files).
# Usage: benchmarks/analytics-vs-motion.sh [cameras=4] [seconds=60]
set -euo pipefail
N=${1:-4}
SECONDS_MEASURED=${2:-60}
WARMUP=10
DIR=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
command -v motion >/dev/null || { echo "the motion daemon is not installed (apt-get install -y motion)"; exit 1; }
(cd "$DIR" && mvn -q -B -DskipTests -pl benchmarks -am package) >&2
CAM=$DIR/recorder/src/test/resources/io/nightjar/recorder/testing/gst_rtsp_camera.py
URLS=()
for i in $(seq 1 "$N"); do
  PORT=$((18600 + i))
  /usr/bin/python3 "$CAM" --port $PORT --width 640 --height 360 --fps 10 --gop 20 --pattern ball --shared < /dev/zero > "$WORK/cam$i.log" 2>&1 &
  URLS+=("rtsp://127.0.0.1:$PORT/cam")
done
sleep 2

# Nightjar
java -Xmx1g -cp "$DIR/benchmarks/target/classes:$DIR/benchmarks/target/lib/*" io.nightjar.benchmarks.analytics.AnalyticsOverRtsp \
  $WARMUP "$SECONDS_MEASURED" "${URLS[@]}" 2>/dev/null | grep '^nightjar:' | tee "$WORK/nightjar.txt"

# motion
mkdir -p "$WORK/motion"
{
  echo "daemon off"; echo "setup_mode off"; echo "log_level 4"; echo "target_dir $WORK/motion"
  echo "webcontrol_port 0"; echo "stream_port 0"; echo "picture_output off"; echo "movie_output off"
  for i in $(seq 1 "$N"); do echo "camera $WORK/motion/cam$i.conf"; done
} > "$WORK/motion/motion.conf"
for i in $(seq 1 "$N"); do
  { echo "camera_id $i"; echo "netcam_url ${URLS[$((i-1))]}"; echo "netcam_params rtsp_transport=tcp"
    echo "width 640"; echo "height 360"; echo "framerate 10"; } > "$WORK/motion/cam$i.conf"
done
motion -n -c "$WORK/motion/motion.conf" > "$WORK/motion.log" 2>&1 &
MPID=$!
sleep $WARMUP
T0=$(awk '{print $14+$15}' /proc/$MPID/stat)
sleep "$SECONDS_MEASURED"
T1=$(awk '{print $14+$15}' /proc/$MPID/stat)
kill $MPID
HZ=$(getconf CLK_TCK)
MOTION_PCT=$(echo "scale=3; ($T1-$T0)*100/$HZ/$SECONDS_MEASURED" | bc)
MOTION_PER=$(echo "scale=3; $MOTION_PCT/$N" | bc)
echo "motion:   $N cameras, $MOTION_PCT% of a core in all, $MOTION_PER% per camera"
NJ_PER=$(sed -E 's/.* ([0-9.]+)% per camera.*/\1/' "$WORK/nightjar.txt")
echo "ratio (Nightjar CPU per camera / motion CPU per camera): $(echo "scale=2; $NJ_PER/$MOTION_PER" | bc)"
