package io.nightjar.api.server;

import io.nightjar.analytics.motion.MotionGrid;
import io.nightjar.api.events.DownloadAudit;
import io.nightjar.api.service.Caller;
import io.nightjar.api.service.Evidence;
import io.nightjar.api.service.Media;
import io.nightjar.api.service.Recordings;
import io.nightjar.api.service.Region;
import io.nightjar.api.service.SegmentFileView;
import io.nightjar.api.service.ServiceException;
import io.nightjar.api.service.SpanView;
import io.nightjar.storage.Storage;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.index.FragmentRecord;
import io.nightjar.recorder.media.mp4.SampleEntries;
import io.nightjar.recorder.media.mp4.SegmentFileReader;
import io.nightjar.storage.read.RecordedFrames;
import io.nightjar.api.service.FrameReader;
import io.nightjar.recorder.media.CodecConfig;
import java.nio.channels.FileChannel;
import java.util.Optional;
import io.nightjar.recorder.media.mp4.Mp4FormatException;
import io.nightjar.storage.read.HlsPlaylist;
import io.nightjar.storage.read.HlsSegment;
import io.nightjar.storage.read.MotionSearch;
import io.nightjar.storage.read.Mp4Exporter;
import io.nightjar.storage.read.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Recordings} over storage: spans, files named by {@link FileLinks} (not guessable), HLS
 * and exports. Every read of a stored file is audited once per caller and file ({@link DownloadAudit}),
 * every playlist and export in full.
 */
final class RecordingService implements Recordings {
    private static final Pattern INIT = Pattern.compile("(\\d{1,18}-[0-9a-f]{16})\\.init\\.mp4");
    private static final Pattern SEGMENT = Pattern.compile("(\\d{1,18}-[0-9a-f]{16})\\.(\\d{1,18})-(\\d{1,12})-(\\d{1,18})\\.m4s");

    private final Storage storage;
    private final FileLinks links;
    private final DownloadAudit downloads;
    private final Evidence evidence;
    private final ExportPlanner planner;

    /** @param planner plans exports (this node's footage, or in a cluster the site's) */
    RecordingService(Storage storage, FileLinks links, DownloadAudit downloads, Evidence evidence, ExportPlanner planner) {
        this.planner = planner;
        this.storage = storage;
        this.links = links;
        this.downloads = downloads;
        this.evidence = evidence;
    }

    @Override
    public Set<String> recordedCameras() {
        return new LinkedHashSet<>(storage.index().cameras());
    }

    @Override
    public List<SpanView> spans(Caller caller, String camera, long from, long to) {
        return spans(storage.spans(camera, from, to));
    }

    @Override
    public List<SpanView> motion(Caller caller, String camera, Region r, long from, long to) {
        byte[] grid = MotionGrid.region(r.x0(), r.y0(), r.x1(), r.y1());
        return spans(MotionSearch.search(storage.index(), camera, grid, from, to));
    }

    @Override
    public List<SegmentFileView> files(Caller caller, String camera, long from, long to) {
        List<SegmentFileView> out = new ArrayList<>();
        for (FileRecord f : storage.index().files().overlapping(camera, from, to)) {
            if (f.state() != FileRecord.State.DELETING) {
                out.add(new SegmentFileView(links.name(camera, f.id()) + ".mp4", iso(f.startMicros()), iso(f.endMicros()), f.bytes(),
                        f.state() == FileRecord.State.OPEN ? SegmentFileView.FileState.open : SegmentFileView.FileState.closed, f.codec(),
                        f.sha256()));
            }
        }
        return out;
    }

    @Override
    public Media file(Caller caller, String camera, String name) throws IOException {
        long fileId = name.endsWith(".mp4") ? links.parse(camera, name.substring(0, name.length() - 4)) : -1;
        FileRecord f = fileId < 0 ? null : storage.index().files().get(fileId);
        if (f == null || !f.camera().equals(camera) || f.state() == FileRecord.State.DELETING) {
            throw ServiceException.notFound("no file '" + name + "' for camera " + camera);
        }
        downloads.read(caller.user(), caller.remote(), camera, f.id(), "file", f.startMicros(), f.endMicros());
        Path p = storage.layout().resolve(f.path());
        if (f.state() == FileRecord.State.CLOSED && f.sha256() != null) {
            // sealed: its bytes never change again, and its SHA-256 names them
            return new Media(List.of(new Media.FileRange(p, 0, f.bytes())), true, f.sha256(), f.endMicros(), null);
        }
        return new Media(List.of(new Media.FileRange(p, 0, Files.size(p))), false, null, 0, null);
    }

    @Override
    public String playlist(Caller caller, String camera, long from, long to, String base, String suffix) {
        String playlist = storage.hlsPlaylist(camera, from, to, new HlsPlaylist.Uris() {
            @Override
            public String init(FileRecord f) {
                return base + links.name(camera, f.id()) + ".init.mp4" + suffix;
            }

            @Override
            public String segment(FileRecord f, long offset, long length, long decodeStart) {
                return base + links.name(camera, f.id()) + "." + offset + "-" + length + "-" + decodeStart + ".m4s" + suffix;
            }
        });
        if (playlist == null) {
            throw ServiceException.notFound("nothing recorded for " + camera + " in that range");
        }
        evidence.audit(caller, "playback", camera, from, to, "hls");
        return playlist;
    }

    /**
     * An init segment ({@code <file>.init.mp4}) or a retimed media segment
     * ({@code <file>.<offset>-<length>-<decodeStart>.m4s}), {@code <file>} a {@link FileLinks} name.
     */
    @Override
    public Media hlsSegment(Caller caller, String camera, String name) throws IOException {
        Matcher init = INIT.matcher(name);
        Matcher seg = SEGMENT.matcher(name);
        boolean isInit = init.matches();
        if (!isInit && !seg.matches()) {
            throw ServiceException.notFound("no HLS segment '" + name + "'");
        }
        long fileId = links.parse(camera, isInit ? init.group(1) : seg.group(1));
        FileRecord f = fileId < 0 ? null : storage.index().files().get(fileId);
        if (f == null || !f.camera().equals(camera) || f.state() == FileRecord.State.DELETING) {
            throw ServiceException.notFound("no HLS segment '" + name + "' for camera " + camera + " (deleted by retention?)");
        }
        downloads.read(caller.user(), caller.remote(), camera, f.id(), "hls", f.startMicros(), f.endMicros());
        Path p = storage.layout().resolve(f.path());
        boolean sealed = f.state() == FileRecord.State.CLOSED;
        if (isInit) {
            return new Media(List.of(new Media.FileRange(p, 0, f.initLength())), sealed, null, 0, null);
        }
        List<HlsSegment.Piece> pieces;
        try {
            pieces = storage.hlsSegment(f, Long.parseLong(seg.group(2)), Long.parseLong(seg.group(3)), Long.parseLong(seg.group(4)));
        } catch (IllegalArgumentException | Mp4FormatException e) {
            throw ServiceException.notFound("no HLS segment '" + name + "': " + e.getMessage());
        }
        List<Media.Piece> parts = new ArrayList<>(pieces.size());
        for (HlsSegment.Piece piece : pieces) {
            parts.add(piece instanceof HlsSegment.Header h ? new Media.Bytes(h.bytes())
                    : new Media.FileRange(p, ((HlsSegment.Stored) piece).offset(), piece.length()));
        }
        return new Media(parts, sealed, null, 0, null);
    }

    @Override
    public Media export(Caller caller, String camera, long from, long to, boolean continuation) throws IOException {
        Mp4Exporter.Plan plan = planner.plan(caller, camera, from, to);
        List<Media.Piece> parts = new ArrayList<>();
        parts.add(new Media.Bytes(plan.head()));
        for (Mp4Exporter.Chunk c : plan.chunks()) {
            parts.add(new Media.FileRange(c.file(), c.offset(), c.length()));
        }
        if (!continuation) {
            evidence.audit(caller, "export", camera, from, to, plan.size() + " bytes");
        }
        return new Media(parts, false, null, 0, fileName(camera, from));
    }

    @Override
    public byte[] exportManifest(Caller caller, String camera, long from, long to) throws IOException {
        Mp4Exporter.Plan plan = planner.plan(caller, camera, from, to);
        return Mp4Exporter.manifest(plan, fileName(camera, from), Mp4Exporter.hash(plan)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public io.nightjar.storage.read.SampleTable exportSamples(Caller caller, String camera, long from, long to) throws IOException {
        caller.checkCamera(camera);
        return storage.exporter().table(camera, from, to).withLinks(f -> links.name(camera, f.fileId()) + ".mp4");
    }

    @Override
    public Optional<CodecConfig> playbackConfig(String camera, long from) throws IOException {
        long start = storage.index().fragments().playbackStart(camera, from);
        FragmentRecord[] first = new FragmentRecord[1];
        storage.index().fragments().forEach(camera, start, Long.MAX_VALUE, f -> {
            first[0] = f;
            return false;
        });
        FileRecord f = first[0] == null ? null : storage.index().files().get(first[0].fileId());
        if (f == null) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(storage.layout().resolve(f.path()))) {
            return Optional.of(SampleEntries.codecConfig(SegmentFileReader.readInit(ch).sampleEntry()));
        } catch (Mp4FormatException e) {
            throw new IOException(f.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public FrameReader play(Caller caller, String camera, long from, long to, String via) {
        caller.checkCamera(camera);
        evidence.audit(caller, "playback", camera, from, to == Long.MAX_VALUE ? null : to, via);
        return new StoredFrameReader(new RecordedFrames(storage.index(), storage.layout(), camera, from, to));
    }

    static List<SpanView> spans(List<Span> spans) {
        List<SpanView> out = new ArrayList<>(spans.size());
        for (Span sp : spans) {
            out.add(new SpanView(iso(sp.startMicros()), iso(sp.endMicros()), sp.startMicros() / 1000, sp.endMicros() / 1000, sp.recorded(),
                    sp.reason()));
        }
        return out;
    }

    /** What an export of a camera from an instant is saved as: {@code <camera>-<yyyyMMddTHHmmss>Z.mp4}. */
    static String fileName(String camera, long from) {
        return camera + "-" + Instant.ofEpochMilli(from / 1000).toString().replace(":", "").replace("-", "") + ".mp4";
    }

    private static String iso(long micros) {
        return Instant.ofEpochMilli(micros / 1000).toString();
    }
}
