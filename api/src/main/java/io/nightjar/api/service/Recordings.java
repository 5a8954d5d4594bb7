package io.nightjar.api.service;

import io.nightjar.recorder.media.CodecConfig;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recorded footage: spans and gaps, segment files, HLS playback, motion search and exact MP4
 * exports served straight from the plan. Reads of footage are audited in the caller's name.
 * Ranges are UTC microseconds, {@code from < to}; the HTTP layer bounds their length.
 */
public interface Recordings {
    /** Every camera with recordings, configured or not. */
    Set<String> recordedCameras();

    /** Recorded spans and the gaps between them; in a cluster, of every node's footage (the caller's view of it). */
    List<SpanView> spans(Caller caller, String camera, long from, long to);

    /** Intervals with motion in a region. */
    List<SpanView> motion(Caller caller, String camera, Region region, long from, long to);

    /** The files of a range as stored (names for {@link #file}). */
    List<SegmentFileView> files(Caller caller, String camera, long from, long to);

    /** A segment file by the name {@link #files} gave; NOT_FOUND for any other name. */
    Media file(Caller caller, String camera, String name) throws Exception;

    /**
     * An HLS VOD playlist of a range whose URIs are under {@code base} and end in {@code suffix}
     * (a query string carrying the caller's token for players that cannot send headers); NOT_FOUND if nothing was recorded.
     */
    String playlist(Caller caller, String camera, long from, long to, String base, String suffix);

    /** An init segment or retimed media segment a playlist names. */
    Media hlsSegment(Caller caller, String camera, String name) throws Exception;

    /** The exact MP4 of a range; audited unless {@code continuation} (a later byte range of one download). */
    Media export(Caller caller, String camera, long from, long to, boolean continuation) throws Exception;

    /** The JSON manifest (with SHA-256) of the export of a range. */
    byte[] exportManifest(Caller caller, String camera, long from, long to) throws Exception;

    /**
     * The samples of this node's own footage of a range, with the files (as this node serves them)
     * their bytes are in: what another node of a cluster plans an export across nodes from.
     */
    io.nightjar.storage.read.SampleTable exportSamples(Caller caller, String camera, long from, long to) throws Exception;

    /** The codec configuration of the first footage at or after {@code from} (an RTSP playback's SDP); empty if none. */
    Optional<CodecConfig> playbackConfig(String camera, long from) throws IOException;

    /**
     * Plays a range back (audited as a playback in the caller's name, {@code via} saying how):
     * from the keyframe at or before {@code from} up to {@code to} ({@code Long.MAX_VALUE}: whatever is recorded).
     */
    FrameReader play(Caller caller, String camera, long from, long to, String via);
}
