package io.nightjar.storage.read;

import java.util.List;

/**
 * The samples of a camera's footage over a range, with where their bytes are: what an export is
 * planned from ({@link Mp4Exporter#table}, {@link Mp4Exporter#plan(String, long, long, List, Mp4Exporter.Gaps)}).
 * It holds no bytes and no local paths that matter to another node, so a node of a cluster can send
 * it to another, which then fetches the byte ranges it names and exports footage of both in one
 * file. Plain data, for JSON.
 *
 * @param sampleEntries the distinct sample entries ({@code avc1}/{@code hvc1} boxes), 0-based, as {@link Run#entry} names them
 * @param width         the largest width of them
 * @param height        the largest height of them
 * @param files         the segment files the runs read from, as {@link Run#file} names them
 * @param runs          one per fragment, in time order
 */
public record SampleTable(List<byte[]> sampleEntries, int width, int height, List<SourceFile> files, List<Run> runs) {
    /**
     * A segment file.
     *
     * @param fileId its id in its node's index
     * @param path   where it is, relative to its node's storage root
     * @param state  open, closed, ...
     * @param sha256 its SHA-256 once sealed, else null
     * @param link   how its node serves it over HTTP (a file link name; set by the API layer, null in storage)
     */
    public record SourceFile(long fileId, String path, String state, String sha256, String link) {
        public SourceFile withLink(String name) {
            return new SourceFile(fileId, path, state, sha256, name);
        }
    }

    /**
     * The samples of one fragment: their sizes, durations (ticks of {@code InitSegment.TIMESCALE})
     * and keyframe flags, stored one after the other from {@code dataOffset} of file {@code file}.
     */
    public record Run(int file, int entry, long startMicros, long dataOffset, int[] sizes, int[] durations, boolean[] keys) {
        /** The bytes the run spans in its file: {@code [dataOffset, end())}. */
        public long end() {
            long n = dataOffset;
            for (int s : sizes) {
                n += s;
            }
            return n;
        }
    }

    /** The table with each file's link (how its node serves it) set by {@code link}. */
    public SampleTable withLinks(java.util.function.Function<SourceFile, String> link) {
        return new SampleTable(sampleEntries, width, height, files.stream().map(f -> f.withLink(link.apply(f))).toList(), runs);
    }

    /** The number of samples. */
    public int samples() {
        int n = 0;
        for (Run r : runs) {
            n += r.sizes.length;
        }
        return n;
    }
}
