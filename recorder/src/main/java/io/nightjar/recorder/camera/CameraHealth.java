package io.nightjar.recorder.camera;

/**
 * A snapshot of one camera stream's health.
 *
 * @param stream            camera id (and "/sub" for a sub-stream)
 * @param state             connecting, streaming, backing off, stopped
 * @param sinceMillis       epoch millis of the last state change
 * @param lastError         the last failure in words, or null
 * @param reconnects        sessions started after the first
 * @param fps               measured frames per second
 * @param declaredFps       frame rate from the SPS/SDP, 0 when unknown
 * @param bitrate           measured bits per second
 * @param gopFrames         frames per GOP (keyframe interval)
 * @param frames            access units received
 * @param bytes             payload bytes received
 * @param packetsReceived   RTP packets received
 * @param packetsLost       RTP packets lost (sequence gaps)
 * @param packetsReordered  RTP packets that came late
 * @param packetsDuplicated RTP packets seen twice
 * @param depacketizerErrors malformed or incomplete units
 * @param ringStalls        times the ring was full and reading paused
 * @param codec             "H264"/"H265", or null before the first frame
 * @param codecString       RFC 6381 codec string
 * @param width             picture width, 0 before the first frame
 * @param height            picture height
 * @param transport         "TCP"/"UDP"
 * @param authScheme        "none", "basic", "digest MD5", "digest SHA-256"
 * @param server            the camera's Server header (firmware), or null
 * @param tool              the SDP's tool/session name, or null
 * @param shedding          frames dropped at ingress because memory ran short, and whether that is happening now
 * @param clock             how the camera's timestamps were mapped to wall-clock time
 */
public record CameraHealth(String stream, CameraSupervisor.State state, long sinceMillis, String lastError, long reconnects,
                           double fps, double declaredFps, double bitrate, int gopFrames, long frames, long bytes,
                           long packetsReceived, long packetsLost, long packetsReordered, long packetsDuplicated,
                           long depacketizerErrors, long ringStalls, String codec, String codecString, int width,
                           int height, String transport, String authScheme, String server, String tool,
                           Shedding shedding, Clock clock) {
    /**
     * The camera's media clock against real time (see {@code io.nightjar.recorder.time.WallClockMapper}).
     *
     * @param runs       runs of continuous timestamps (the first, and one after each jump)
     * @param jumps      timestamp jumps (a new run, a new file)
     * @param reanchors  re-anchorings within a run: frames stayed over a second late (a pause, or an
     *                   encoder that cannot keep real time); nothing is dropped
     * @param lateFrames frames that arrived over a second off their time and kept it (a stall caught up)
     */
    public record Clock(long runs, long jumps, long reanchors, long lateFrames) {
    }

    /**
     * What overload did to this stream (see {@code io.nightjar.recorder.memory}).
     *
     * @param priority           the camera's claim on memory (lower priorities shed first)
     * @param active             frames are being refused now (until a keyframe finds room)
     * @param sinceMillis        epoch millis the current shed period started, 0 when not shedding
     * @param framesShed         access units refused for memory since start
     * @param bytesShed          their payload bytes
     * @param episodes           shed periods since start
     * @param framesRingFull     access units dropped because the ring stayed full past the pending bound
     * @param allocationFailures access units the allocator refused memory for
     */
    public record Shedding(io.nightjar.recorder.memory.Priority priority, boolean active, long sinceMillis, long framesShed,
                           long bytesShed, long episodes, long framesRingFull, long allocationFailures) {
        /** Every frame dropped for overload, whatever the reason. */
        public long framesDropped() {
            return framesShed + framesRingFull + allocationFailures;
        }
    }
}
