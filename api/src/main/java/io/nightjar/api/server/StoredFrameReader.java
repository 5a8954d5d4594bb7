package io.nightjar.api.server;

import io.netty.buffer.ByteBuf;
import io.nightjar.api.service.FrameReader;
import io.nightjar.api.service.RecordedFrame;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.storage.read.RecordedFrames;
import java.io.IOException;

/** {@link FrameReader} over the segment files: each frame's pooled buffer is given back when the next is read. */
final class StoredFrameReader implements FrameReader {
    private final RecordedFrames frames;
    private ByteBuf held;

    StoredFrameReader(RecordedFrames frames) {
        this.frames = frames;
    }

    @Override
    public RecordedFrame next() throws IOException {
        giveBack();
        RecordedFrames.Frame f;
        try {
            f = frames.next();
        } catch (Mp4FormatException e) {
            throw new IOException("a recorded file is damaged: " + e.getMessage(), e);
        }
        if (f == null) {
            return null;
        }
        held = f.data();
        return new RecordedFrame(f.wallMicros(), f.durationTicks(), f.key(), held.nioBuffer(), f.config());
    }

    @Override
    public void close() {
        giveBack();
        frames.close();
    }

    private void giveBack() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
