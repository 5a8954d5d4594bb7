package io.nightjar.analytics.tap;

/**
 * The tap's view of one camera.
 *
 * @param camera         camera id
 * @param queued         access units waiting in its mailbox
 * @param received       access units taken from the ring
 * @param dropped        access units dropped because the mailbox was full (up to the next keyframe)
 * @param analysed       frames analysed
 * @param decodeErrors   corrupt units (analysis restarted at the next keyframe)
 */
public record TapStatus(String camera, int queued, long received, long dropped, long analysed, long decodeErrors) {
}
