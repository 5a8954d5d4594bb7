package io.nightjar.benchmarks.regress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The regress tool reads the harness's real output lines and keeps BENCHMARKS.md's table. */
class RegressTest {
    static final String FLEET = "nightjar: cameras=400 sent=530461 recorded=323388 lost=207073 (blocked at the camera 0, RTP packets lost 0) "
            + "cpu=1.17 cores (0.0029 per camera; user only 0.0023) rss=1941 MiB -> 1733 MiB (-10.7%) ringMax=16384 latency p50=1039.7 "
            + "p99=12146.7 max=23706.2 ms memory high 435 MiB (budget 512 MiB, Netty direct max 764 MiB) written=152.7 MB/s steady-state window: 0 dropped dropped: shed "
            + "for memory 197806, ring full 0, allocation refused 0, by the writer 9267 (memory high water 435 of 512 MiB), unattributed 0";
    static final String RESTREAM = "nightjar (recording too): 200 readers (200 playing), frames delivered 150001 of 150001 (100.0%), added latency "
            + "p50=3.61 p99=7.88 max=15.70 ms (150001 samples), server CPU 0.17 cores";

    @Test
    void fleetRampRestreamAndJmhFiguresAreRead() {
        List<Figure> fleet = FigureParser.fleet(List.of("clip: ...", FLEET), "cmd");
        assertThat(fleet).extracting(Figure::name).containsExactly("fleet400.lostPercent", "fleet400.cores", "fleet400.cpuPerCamera",
                "fleet400.latencyP99", "fleet400.written", "fleet400.steadyStateDrops");
        assertThat(fleet.get(0).value()).isCloseTo(100.0 * 207073 / 530461, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(fleet.get(3).value()).isEqualTo(12146.7);
        assertThat(FigureParser.ramp(List.of("largest fleet recorded with zero loss: 300 cameras"), "c").get(0).value()).isEqualTo(300);
        List<Figure> r = FigureParser.restream(List.of(RESTREAM), "c");
        assertThat(r).extracting(Figure::value).containsExactly(100.0, 7.88, 0.17);
        List<Figure> jmh = FigureParser.jmhCsv(List.of(
                "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: directIo\",\"Param: frames\"",
                "\"io.nightjar.benchmarks.ingest.IngestPathBenchmark.rtpToRing\",\"avgt\",1,5,149.1,5.4,\"us/op\",,25",
                "\"io.nightjar.benchmarks.ingest.IngestPathBenchmark.rtpToRing:gc.alloc.rate\",\"avgt\",1,5,0.03,0.1,\"MB/sec\",,25",
                "\"io.nightjar.benchmarks.ingest.IngestPathBenchmark.rtpToRing:gc.alloc.rate.norm\",\"avgt\",1,5,5.5,18,\"B/op\",,25",
                "\"io.nightjar.benchmarks.storage.WritePathBenchmark.gop\",\"avgt\",1,5,1515.0,324.5,\"us/op\",false,"), "c");
        assertThat(jmh).extracting(Figure::name).containsExactly("jmh.IngestPathBenchmark.rtpToRing[frames=25]",
                "jmh.IngestPathBenchmark.rtpToRing[frames=25].alloc", "jmh.WritePathBenchmark.gop[directIo=false]");
        assertThat(jmh.get(1).value()).isEqualTo(5.5);
    }

    @Test
    void theTableIsReadWrittenInPlaceAndWorseFiguresAreMarked() {
        String doc = "# Benchmarks\n\nold text\n";
        List<Figure> first = List.of(new Figure("fleet200.cpuPerCamera", 0.0015, "cores per camera", false, "bench a"),
                new Figure("ramp.largestZeroLoss", 400, "cameras", true, "bench b"));
        String written = HeadTable.write(doc, Map.of(), first, "Refreshed once.");
        assertThat(written).startsWith(doc).contains(HeadTable.BEGIN).contains("| `ramp.largestZeroLoss` | 400 | cameras | `bench b` |");
        Map<String, Double> read = HeadTable.read(written);
        assertThat(read).containsEntry("fleet200.cpuPerCamera", 0.0015).containsEntry("ramp.largestZeroLoss", 400.0);

        List<Figure> second = List.of(new Figure("ramp.largestZeroLoss", 300, "cameras", true, "bench b"));
        List<String> cmp = HeadTable.compare(read, second, 0.15);
        assertThat(cmp.get(1)).contains("400").contains("300").endsWith("<< worse");
        String rewritten = HeadTable.write(written, read, second, "Refreshed twice.");
        assertThat(rewritten.indexOf(HeadTable.BEGIN)).isEqualTo(rewritten.lastIndexOf(HeadTable.BEGIN));
        assertThat(rewritten).contains("Refreshed twice.").doesNotContain("Refreshed once.")
                .contains("| `fleet200.cpuPerCamera` | 0.0015 |").contains("| `ramp.largestZeroLoss` | 300 |");
        assertThat(HeadTable.compare(read, List.of(new Figure("fleet200.cpuPerCamera", 0.0016, "c", false, "x")), 0.15).get(1))
                .as("within the tolerance").doesNotContain("worse");
    }
}
