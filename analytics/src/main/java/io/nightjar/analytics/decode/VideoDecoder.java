package io.nightjar.analytics.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import io.netty.buffer.ByteBuf;
import io.nightjar.recorder.media.Codec;
import io.nightjar.recorder.media.CodecConfig;
import io.nightjar.recorder.stats.Counter;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Decodes one stream's access units (4-byte length-prefixed NAL units, straight from the ring)
 * with FFmpeg's avcodec: the decoder is opened with the avcC/hvcC record as extradata (matching the
 * payload layout; never Annex-B packets with avcC extradata), one thread, and re-opened when the
 * codec configuration changes. Each picture's luma plane is scaled to the analysis width into a
 * reused matrix. Everything native is freed in {@link #close()}; nothing is left to a finalizer.
 * Not thread-safe: one decoder per camera, used by one thread at a time.
 */
public final class VideoDecoder implements AutoCloseable {
    static {
        av_log_set_level(AV_LOG_QUIET); // errors are returned and counted, not printed
    }

    /** Receives each decoded picture. */
    @FunctionalInterface
    public interface FrameHandler {
        void onFrame(DecodedFrame frame);
    }

    /** AV_FRAME_FLAG_CORRUPT (libavutil/frame.h). */
    private static final int FRAME_FLAG_CORRUPT = 1;

    public final Counter framesDecoded = new Counter();
    public final Counter decodeErrors = new Counter();
    public final Counter reopens = new Counter();

    private final int analysisWidth;
    private AVCodecContext context;
    private CodecConfig config;
    private final AVPacket packet;
    private final AVFrame frame;
    private Mat luma = new Mat();
    private Mat scaled = new Mat();
    private Size scaledSize;
    private SwsContext snapshotScaler;
    private boolean closed;

    /** @param analysisWidth width of the analysis image (height keeps the aspect ratio, even) */
    public VideoDecoder(int analysisWidth) {
        if (analysisWidth < 32 || analysisWidth > 3840) {
            throw new IllegalArgumentException("analysis width " + analysisWidth + " outside 32..3840");
        }
        this.analysisWidth = analysisWidth;
        this.packet = av_packet_alloc();
        this.frame = av_frame_alloc();
    }

    public CodecConfig config() {
        return config;
    }

    /**
     * Decodes one access unit and hands over any picture it completes.
     *
     * @throws DecodeException when FFmpeg rejects the data; the decoder is flushed, and decoding
     *                         resumes correctly from the next keyframe
     */
    public void decode(ByteBuf accessUnit, long pts90k, long wallMicros, boolean key, CodecConfig cfg, FrameHandler handler)
            throws DecodeException {
        if (closed) {
            throw new IllegalStateException("decoder closed");
        }
        if (context == null || (cfg != config && !cfg.equals(config))) {
            open(cfg);
        }
        int size = accessUnit.readableBytes();
        if (av_new_packet(packet, size) < 0) {
            throw new DecodeException("out of memory for a " + size + "-byte packet");
        }
        try {
            ByteBuffer src = accessUnit.nioBuffer(accessUnit.readerIndex(), size);
            if (src.isDirect()) {
                Pointer.memcpy(packet.data(), new BytePointer(src), size);
            } else {
                byte[] bytes = new byte[size];
                src.get(bytes);
                packet.data().put(bytes, 0, size);
            }
            packet.pts(pts90k);
            packet.dts(pts90k);
            packet.flags(key ? AV_PKT_FLAG_KEY : 0);
            int r = avcodec_send_packet(context, packet);
            if (r < 0 && r != AVERROR_EAGAIN()) {
                decodeErrors.increment();
                avcodec_flush_buffers(context);
                throw new DecodeException("avcodec_send_packet: " + error(r));
            }
        } finally {
            av_packet_unref(packet);
        }
        receive(wallMicros, key, handler);
    }

    private void receive(long wallMicros, boolean key, FrameHandler handler) throws DecodeException {
        while (true) {
            int r = avcodec_receive_frame(context, frame);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                return;
            }
            if (r < 0) {
                decodeErrors.increment();
                avcodec_flush_buffers(context);
                throw new DecodeException("avcodec_receive_frame: " + error(r));
            }
            int w = frame.width();
            int h = frame.height();
            if (w <= 0 || h <= 0) {
                continue;
            }
            if (frame.decode_error_flags() != 0 || (frame.flags() & FRAME_FLAG_CORRUPT) != 0) {
                decodeErrors.increment();
                avcodec_flush_buffers(context);
                throw new DecodeException("the decoder marked a picture as corrupt (flags " + frame.decode_error_flags() + ")");
            }
            framesDecoded.increment();
            luma.close();
            luma = new Mat(h, w, org.bytedeco.opencv.global.opencv_core.CV_8UC1, frame.data(0), frame.linesize(0));
            int sw = Math.min(analysisWidth, w);
            int sh = Math.max(2, (int) Math.round((double) h * sw / w) & ~1);
            if (scaledSize == null || scaledSize.width() != sw || scaledSize.height() != sh) {
                if (scaledSize != null) {
                    scaledSize.close();
                }
                scaledSize = new Size(sw, sh);
            }
            opencv_imgproc.resize(luma, scaled, scaledSize, 0, 0, opencv_imgproc.INTER_AREA);
            handler.onFrame(new DecodedFrame(scaled, frame.pts(), wallMicros, key, colourfulness(), w, h));
        }
    }

    /** Mean distance of sampled chroma values from grey: near 0 for IR (monochrome) pictures. */
    private double colourfulness() {
        BytePointer u = frame.data(1);
        BytePointer v = frame.data(2);
        if (u == null || v == null || u.isNull() || v.isNull()) {
            return 0;
        }
        int cw = (frame.width() + 1) / 2;
        int ch = (frame.height() + 1) / 2;
        int us = frame.linesize(1);
        int vs = frame.linesize(2);
        long sum = 0;
        int n = 0;
        for (int y = 0; y < ch; y += 8) {
            for (int x = 0; x < cw; x += 8) {
                sum += Math.abs((u.get((long) y * us + x) & 0xFF) - 128) + Math.abs((v.get((long) y * vs + x) & 0xFF) - 128);
                n++;
            }
        }
        return n == 0 ? 0 : (double) sum / n;
    }

    /**
     * A JPEG of the picture just decoded (call from within the {@link FrameHandler}), scaled to at
     * most {@code maxWidth}; null when it cannot be made.
     */
    public byte[] snapshotJpeg(int maxWidth, int quality) {
        try (Mat bgr = new Mat()) {
            if (!toBgr(bgr, maxWidth, 0)) {
                return null;
            }
            try (BytePointer out = new BytePointer();
                 IntPointer params = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, quality)) {
                if (!opencv_imgcodecs.imencode(".jpg", bgr, out, params)) {
                    return null;
                }
                byte[] jpeg = new byte[(int) out.limit()];
                out.get(jpeg);
                return jpeg;
            }
        }
    }

    /**
     * The picture just decoded (call from within the {@link FrameHandler}) as BGR into {@code out},
     * scaled to {@code width} (at most the picture's) and {@code height} (0: keep the aspect ratio);
     * false when there is no picture.
     */
    public boolean toBgr(Mat out, int width, int height) {
        int w = frame.width();
        int h = frame.height();
        if (w <= 0 || h <= 0) {
            return false;
        }
        int ow = Math.min(width, w) & ~1;
        int oh = height > 0 ? height & ~1 : Math.max(2, (int) Math.round((double) h * ow / w) & ~1);
        snapshotScaler = swscale.sws_getCachedContext(snapshotScaler, w, h, frame.format(), ow, oh, AV_PIX_FMT_BGR24,
                swscale.SWS_BILINEAR, null, null, (DoublePointer) null);
        if (snapshotScaler == null) {
            return false;
        }
        out.create(oh, ow, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(1);
             IntPointer dstStride = new IntPointer(1)) {
            dst.put(0, out.data());
            dstStride.put(0, (int) out.step());
            swscale.sws_scale(snapshotScaler, frame.data(), frame.linesize(), 0, h, dst, dstStride);
        }
        return true;
    }

    private void open(CodecConfig cfg) throws DecodeException {
        freeContext();
        AVCodec codec = avcodec_find_decoder(cfg.codec() == Codec.H264 ? AV_CODEC_ID_H264 : AV_CODEC_ID_HEVC);
        if (codec == null) {
            throw new DecodeException("FFmpeg has no " + cfg.codec() + " decoder");
        }
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.thread_count(1);
        // Report broken data instead of concealing it silently: the caller then restarts at the
        // next keyframe, so analytics never works on smeared pictures.
        c.err_recognition(org.bytedeco.ffmpeg.global.avcodec.AV_EF_BITSTREAM | org.bytedeco.ffmpeg.global.avcodec.AV_EF_BUFFER
                | org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE);
        byte[] record = cfg.decoderConfigurationRecord();
        // FFmpeg frees extradata itself: it must come from av_malloc, padded.
        BytePointer extra = new BytePointer(av_malloc(record.length + AV_INPUT_BUFFER_PADDING_SIZE));
        extra.capacity(record.length + AV_INPUT_BUFFER_PADDING_SIZE);
        extra.put(record, 0, record.length);
        for (int i = 0; i < AV_INPUT_BUFFER_PADDING_SIZE; i++) {
            extra.put(record.length + i, (byte) 0);
        }
        c.extradata(extra);
        c.extradata_size(record.length);
        int r = avcodec_open2(c, codec, (AVDictionary) null);
        if (r < 0) {
            avcodec_free_context(c);
            throw new DecodeException("cannot open the " + cfg.codec() + " decoder: " + error(r));
        }
        if (context != null || config != null) {
            reopens.increment();
        }
        context = c;
        config = cfg;
    }

    private void freeContext() {
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
    }

    /** Drops buffered pictures (after a drop in the mailbox: the next keyframe restarts cleanly). */
    public void flush() {
        if (context != null) {
            avcodec_flush_buffers(context);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        freeContext();
        av_packet_free(packet);
        av_frame_free(frame);
        luma.close();
        scaled.close();
        if (scaledSize != null) {
            scaledSize.close();
        }
        if (snapshotScaler != null) {
            swscale.sws_freeContext(snapshotScaler);
            snapshotScaler = null;
        }
    }

    private static String error(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8) + " (" + code + ")";
    }
}
