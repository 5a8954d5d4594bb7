package io.nightjar.recorder.sdp;

import java.util.List;

/**
 * A parsed SDP session.
 *
 * @param sessionName the {@code s=} line
 * @param tool        the {@code a=tool} attribute (firmware/server hint), or null
 * @param control     the session-level {@code a=control}, or null
 * @param media       the m= sections in order
 * @param warnings    lines that were skipped and why
 */
public record SessionDescription(String sessionName, String tool, String control, List<MediaDescription> media,
                                 List<String> warnings) {
}
