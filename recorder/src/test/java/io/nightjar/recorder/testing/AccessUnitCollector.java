package io.nightjar.recorder.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.media.rtp.AccessUnitListener;
import io.nightjar.recorder.ring.FrameSink;
import io.nightjar.recorder.ring.FrameView;
import io.nightjar.recorder.ring.RunStart;
import io.nightjar.recorder.ring.StreamRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects access units (copied, buffers released) from a depacketizer or in place of the ring. */
public final class AccessUnitCollector implements AccessUnitListener, FrameSink {
    private final List<CollectedUnit> units = new ArrayList<>();

    @Override
    public synchronized void onAccessUnit(ByteBuf accessUnit, long pts90k, boolean key, CodecConfig config) {
        units.add(new CollectedUnit(ByteBufUtil.getBytes(accessUnit), pts90k, 0, key, false, config));
        accessUnit.release();
    }

    @Override
    public synchronized boolean tryPublish(StreamRef stream, long frameNumber, FrameView frame) {
        units.add(new CollectedUnit(ByteBufUtil.getBytes(frame.payload()), frame.pts90k(), frame.wallMicros(), frame.key(),
                frame.runStart() != RunStart.NONE, frame.config()));
        frame.payload().release();
        return true;
    }

    public synchronized List<CollectedUnit> units() {
        return new ArrayList<>(units);
    }

    public synchronized int size() {
        return units.size();
    }

    /**
     * Writes the units as an Annex-B elementary stream, with the configuration's parameter sets
     * before every keyframe (as a decoder joining mid-stream needs them).
     */
    public static void writeAnnexB(List<CollectedUnit> units, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] startCode = {0, 0, 0, 1};
        for (CollectedUnit u : units) {
            if (u.key() && !containsSps(u)) {
                for (byte[] ps : u.config().parameterSets()) {
                    out.write(startCode);
                    out.write(ps);
                }
            }
            int i = 0;
            byte[] d = u.data();
            while (i + 4 <= d.length) {
                int len = ((d[i] & 0xFF) << 24) | ((d[i + 1] & 0xFF) << 16) | ((d[i + 2] & 0xFF) << 8) | (d[i + 3] & 0xFF);
                i += 4;
                out.write(startCode);
                out.write(d, i, len);
                i += len;
            }
        }
        Files.write(file, out.toByteArray());
    }

    private static boolean containsSps(CollectedUnit u) {
        for (byte[] nal : io.nightjar.recorder.media.NalUnits.splitLengthPrefixed(u.data())) {
            boolean h264 = u.config().codec() == io.nightjar.recorder.media.Codec.H264;
            int type = h264 ? io.nightjar.recorder.media.NalUnits.h264Type(nal[0]) : io.nightjar.recorder.media.NalUnits.h265Type(nal[0]);
            if (type == (h264 ? io.nightjar.recorder.media.NalUnits.H264_SPS : io.nightjar.recorder.media.NalUnits.H265_SPS)) {
                return true;
            }
        }
        return false;
    }
}
