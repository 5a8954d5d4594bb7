package io.nightjar.api.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.util.ArrayList;
import java.util.List;
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
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * H.264 encoding of BGR pictures with FFmpeg's OpenH264 encoder (the H.264 encoder in the
 * LGPL build of FFmpeg that bytedeco ships): constrained baseline, no B-frames, a keyframe every
 * {@code gop} frames, parameter sets in-band. Not thread-safe.
 */
public final class H264Encoder implements AutoCloseable {
    /** One encoded access unit: its NAL units (without start codes) and whether it is a keyframe. */
    public record Unit(List<byte[]> nals, boolean key) {
    }

    private final int width;
    private final int height;
    private final AVCodecContext context;
    private final AVFrame frame;
    private final AVPacket packet;
    private final SwsContext scaler;
    private final PointerPointer<BytePointer> srcData = new PointerPointer<>(1);
    private final IntPointer srcStride = new IntPointer(1);
    private long frames;

    public H264Encoder(int width, int height, int fps, int gop, long bitrate) {
        this.width = width;
        this.height = height;
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null) {
            codec = avcodec_find_encoder(AV_CODEC_ID_H264);
        }
        if (codec == null) {
            throw new IllegalStateException("no H.264 encoder in this FFmpeg build");
        }
        context = avcodec_alloc_context3(codec);
        context.width(width).height(height).time_base(av_make_q(1, fps)).framerate(av_make_q(fps, 1)).gop_size(gop)
                .max_b_frames(0).pix_fmt(AV_PIX_FMT_YUV420P).bit_rate(bitrate).thread_count(1);
        int r = avcodec_open2(context, codec, (AVDictionary) null);
        if (r < 0) {
            avcodec_free_context(context);
            throw new IllegalStateException("cannot open the H.264 encoder (error " + r + ")");
        }
        frame = av_frame_alloc();
        frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
        av_frame_get_buffer(frame, 32);
        packet = av_packet_alloc();
        scaler = swscale.sws_getContext(width, height, AV_PIX_FMT_BGR24, width, height, AV_PIX_FMT_YUV420P, swscale.SWS_BILINEAR,
                null, null, (DoublePointer) null);
    }

    /** Encodes one picture; returns the access units it completes (zero or one here: no B-frames). */
    public List<Unit> encode(Mat bgr, boolean forceKey) {
        av_frame_make_writable(frame);
        srcData.put(0, bgr.data());
        srcStride.put(0, (int) bgr.step());
        swscale.sws_scale(scaler, srcData, srcStride, 0, height, frame.data(), frame.linesize());
        frame.pts(frames++);
        frame.pict_type(forceKey ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        List<Unit> out = new ArrayList<>(1);
        if (avcodec_send_frame(context, frame) < 0) {
            return out;
        }
        while (avcodec_receive_packet(context, packet) == 0) {
            byte[] annexB = new byte[packet.size()];
            packet.data().get(annexB);
            out.add(new Unit(io.nightjar.recorder.media.NalUnits.splitAnnexB(annexB), (packet.flags() & AV_PKT_FLAG_KEY) != 0));
            av_packet_unref(packet);
        }
        return out;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    @Override
    public void close() {
        avcodec_free_context(context);
        av_frame_free(frame);
        av_packet_free(packet);
        swscale.sws_freeContext(scaler);
        srcData.close();
        srcStride.close();
    }
}
