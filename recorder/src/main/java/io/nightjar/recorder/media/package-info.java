/**
 * The media model every module shares, and every media format in one place: codecs, codec
 * configurations (parameter sets and what they say about the picture), NAL unit helpers, SPS
 * parsers and the ISO-BMFF decoder configuration records (avcC/hvcC) built from parameter sets
 * here; the RTP payload formats (depacketizers and the packetizer) in
 * {@link io.nightjar.recorder.media.rtp}; fragmented and progressive MP4 (mux and demux) in
 * {@link io.nightjar.recorder.media.mp4}. Transport (RTP sessions, RTCP) is in
 * {@code recorder.rtp}, encoders (FFmpeg) in {@code api.media}.
 *
 * <p>Access units travel through Nightjar as length-prefixed NAL units (4-byte big-endian
 * lengths, the layout MP4 stores), never as Annex-B, so the recorder writes them unchanged and
 * decoders are fed with matching avcC/hvcC extradata.
 */
package io.nightjar.recorder.media;
