package io.nightjar.benchmarks.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a Linux process, from /proc (what top would show). */
final class ProcStats {
    static final double TICKS = 100.0; // USER_HZ on Linux

    private ProcStats() {
    }

    /** User + system CPU seconds of a process (and its reaped children). */
    static double cpuSeconds(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** User CPU seconds only (no kernel time: what the program itself computes). */
    static double userSeconds(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[13])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Resident set size in bytes. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }
}
