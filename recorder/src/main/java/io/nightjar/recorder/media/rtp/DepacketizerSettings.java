package io.nightjar.recorder.media.rtp;

import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * How a depacketizer allocates and bounds access units.
 *
 * @param allocator          pooled allocator for access unit buffers
 * @param maxAccessUnitBytes bound on one access unit; larger ones are dropped and counted
 * @param warnings           where unusual but handled stream events are reported (rarely called)
 */
public record DepacketizerSettings(ByteBufAllocator allocator, int maxAccessUnitBytes, Consumer<String> warnings) {
    /** 8 MiB holds an 8K intra frame at high quality; anything larger is a broken stream. */
    public static final int DEFAULT_MAX_ACCESS_UNIT_BYTES = 8 * 1024 * 1024;

    public DepacketizerSettings {
        if (maxAccessUnitBytes < 1024) {
            throw new IllegalArgumentException("maxAccessUnitBytes must be at least 1024, was " + maxAccessUnitBytes);
        }
    }

    public static DepacketizerSettings defaults(Consumer<String> warnings) {
        return new DepacketizerSettings(io.netty.buffer.PooledByteBufAllocator.DEFAULT, DEFAULT_MAX_ACCESS_UNIT_BYTES, warnings);
    }
}
