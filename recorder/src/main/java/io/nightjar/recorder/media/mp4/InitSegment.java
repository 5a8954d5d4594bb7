package io.nightjar.recorder.media.mp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nightjar.recorder.media.Codec;
import io.nightjar.recorder.media.CodecConfig;

/**
 * The head of every segment file: {@code ftyp} and a {@code moov} with one video track whose
 * sample entry ({@code avc1}/{@code hvc1}) carries the decoder configuration record, and an
 * {@code mvex} announcing fragments. Media timescale 90 kHz, as RTP.
 */
public final class InitSegment {
    public static final int TIMESCALE = 90_000;
    public static final int TRACK_ID = 1;

    private InitSegment() {
    }

    public static byte[] build(CodecConfig config) {
        ByteBuf out = Unpooled.buffer(1024);
        int ftyp = Boxes.begin(out, "ftyp");
        out.writeInt(Boxes.fourcc("isom"));
        out.writeInt(0x200);
        for (String brand : new String[] {"isom", "iso6", "mp41", config.codec() == Codec.H264 ? "avc1" : "hvc1"}) {
            out.writeInt(Boxes.fourcc(brand));
        }
        Boxes.end(out, ftyp);
        int moov = Boxes.begin(out, "moov");
        writeMvhd(out, TIMESCALE, 0);
        int trak = Boxes.begin(out, "trak");
        writeTkhd(out, config, 0);
        int mdia = Boxes.begin(out, "mdia");
        writeMdhd(out, 0);
        writeHdlr(out);
        int minf = Boxes.begin(out, "minf");
        writeVmhdDinf(out);
        int stbl = Boxes.begin(out, "stbl");
        writeStsd(out, new CodecConfig[] {config});
        for (String empty : new String[] {"stts", "stsc", "stco"}) {
            int b = Boxes.beginFull(out, empty, 0, 0);
            out.writeInt(0);
            Boxes.end(out, b);
        }
        int stsz = Boxes.beginFull(out, "stsz", 0, 0);
        out.writeInt(0);
        out.writeInt(0);
        Boxes.end(out, stsz);
        Boxes.end(out, stbl);
        Boxes.end(out, minf);
        Boxes.end(out, mdia);
        Boxes.end(out, trak);
        int mvex = Boxes.begin(out, "mvex");
        int trex = Boxes.beginFull(out, "trex", 0, 0);
        out.writeInt(TRACK_ID);
        out.writeInt(1); // default sample description index
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(0);
        Boxes.end(out, trex);
        Boxes.end(out, mvex);
        Boxes.end(out, moov);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    static void writeMvhd(ByteBuf out, int timescale, long duration) {
        int b = Boxes.beginFull(out, "mvhd", 1, 0);
        out.writeLong(0); // creation
        out.writeLong(0); // modification
        out.writeInt(timescale);
        out.writeLong(duration);
        out.writeInt(0x00010000); // rate 1.0
        out.writeShort(0x0100); // volume 1.0
        out.writeZero(10);
        Boxes.unityMatrix(out);
        out.writeZero(24);
        out.writeInt(TRACK_ID + 1);
        Boxes.end(out, b);
    }

    static void writeTkhd(ByteBuf out, CodecConfig config, long duration) {
        int b = Boxes.beginFull(out, "tkhd", 1, 3); // enabled, in movie
        out.writeLong(0);
        out.writeLong(0);
        out.writeInt(TRACK_ID);
        out.writeInt(0);
        out.writeLong(duration);
        out.writeZero(8);
        out.writeShort(0); // layer
        out.writeShort(0); // alternate group
        out.writeShort(0); // volume
        out.writeShort(0);
        Boxes.unityMatrix(out);
        out.writeInt(config.width() << 16);
        out.writeInt(config.height() << 16);
        Boxes.end(out, b);
    }

    static void writeMdhd(ByteBuf out, long duration) {
        int b = Boxes.beginFull(out, "mdhd", 1, 0);
        out.writeLong(0);
        out.writeLong(0);
        out.writeInt(TIMESCALE);
        out.writeLong(duration);
        out.writeShort(0x55C4); // language "und"
        out.writeShort(0);
        Boxes.end(out, b);
    }

    static void writeHdlr(ByteBuf out) {
        int b = Boxes.beginFull(out, "hdlr", 0, 0);
        out.writeInt(0);
        out.writeInt(Boxes.fourcc("vide"));
        out.writeZero(12);
        out.writeCharSequence("Nightjar video", java.nio.charset.StandardCharsets.US_ASCII);
        out.writeByte(0);
        Boxes.end(out, b);
    }

    static void writeVmhdDinf(ByteBuf out) {
        int vmhd = Boxes.beginFull(out, "vmhd", 0, 1);
        out.writeZero(8);
        Boxes.end(out, vmhd);
        int dinf = Boxes.begin(out, "dinf");
        int dref = Boxes.beginFull(out, "dref", 0, 0);
        out.writeInt(1);
        int url = Boxes.beginFull(out, "url ", 0, 1); // self-contained
        Boxes.end(out, url);
        Boxes.end(out, dref);
        Boxes.end(out, dinf);
    }

    /** One sample entry per configuration (exports spanning a resolution change have several). */
    static void writeStsd(ByteBuf out, CodecConfig[] configs) {
        int stsd = Boxes.beginFull(out, "stsd", 0, 0);
        out.writeInt(configs.length);
        for (CodecConfig config : configs) {
            int entry = Boxes.begin(out, config.codec().sampleEntry());
            out.writeZero(6);
            out.writeShort(1); // data reference index
            out.writeZero(16);
            out.writeShort(config.width());
            out.writeShort(config.height());
            out.writeInt(0x00480000); // 72 dpi
            out.writeInt(0x00480000);
            out.writeInt(0);
            out.writeShort(1); // frame count
            out.writeZero(32); // compressor name
            out.writeShort(0x0018); // depth
            out.writeShort(0xFFFF);
            int rec = Boxes.begin(out, config.codec() == Codec.H264 ? "avcC" : "hvcC");
            out.writeBytes(config.decoderConfigurationRecord());
            Boxes.end(out, rec);
            Boxes.end(out, entry);
        }
        Boxes.end(out, stsd);
    }
}
