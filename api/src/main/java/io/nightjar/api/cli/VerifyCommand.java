package io.nightjar.api.cli;

import io.nightjar.storage.StorageException;
import io.nightjar.storage.read.Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nightjar verify}: checks recordings against the index and their SHA-256, read-only: it
 * never changes the store (no recovery, no index writes) and runs beside a server that has it open.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check segment files against the index, without changing either (safe while the server runs):",
                "every indexed file present and as long as indexed, every indexed fragment readable, sealed files",
                "matching the SHA-256 recorded when they were sealed, and no segment file the index does not know.",
                "Exit status 0 when everything checked is intact, 1 when any file is missing, truncated, damaged",
                "or not in the index, 2 on bad arguments (including an unknown camera)."})
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "the data directory (storage root)")
    Path data;

    @Option(names = "--camera", description = "only this camera")
    String camera;

    @Option(names = "--from", description = "only files ending after this time (ISO-8601 or epoch ms)")
    String from;

    @Option(names = "--to", description = "only files starting before this time (ISO-8601 or epoch ms)")
    String to;

    @Override
    public Integer call() {
        long f;
        long t;
        try {
            f = from == null ? 0 : io.nightjar.recorder.time.TimeText.parseMicros("--from", from);
            t = to == null ? Long.MAX_VALUE : io.nightjar.recorder.time.TimeText.parseMicros("--to", to);
        } catch (IllegalArgumentException e) {
            System.err.println("verify: " + e.getMessage());
            return 2;
        }
        if (!Files.isDirectory(data.resolve(".nightjar").resolve("index"))) {
            System.err.println("verify: " + data + " is not a Nightjar data directory (no .nightjar/index)");
            return 2;
        }
        Verifier.Report report;
        try {
            report = Verifier.verifyStore(data, camera, f, t);
        } catch (StorageException e) {
            System.err.println("verify: " + e.getMessage());
            return 2;
        }
        System.out.print(report.format());
        return report.clean() ? 0 : 1;
    }
}
