package io.nightjar.api.cli;

import io.nightjar.storage.Storage;
import io.nightjar.storage.StorageConfig;
import io.nightjar.storage.StorageException;
import io.nightjar.storage.read.Verifier;
import io.nightjar.storage.retention.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nightjar verify}: checks recordings against the index and their SHA-256. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check segment files against the index: present, complete, every indexed fragment readable,",
                "and closed files matching the SHA-256 recorded when they were sealed.",
                "Exit status 0 when everything checked is intact, 1 when anything is damaged, 2 on bad arguments."})
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
            f = from == null ? 0 : TimeArgument.parseMicros(from);
            t = to == null ? Long.MAX_VALUE : TimeArgument.parseMicros(to);
        } catch (IllegalArgumentException e) {
            System.out.println("verify: " + e.getMessage());
            return 2;
        }
        if (!Files.isDirectory(data.resolve(".nightjar").resolve("index"))) {
            System.out.println("verify: " + data + " is not a Nightjar data directory (no .nightjar/index)");
            return 2;
        }
        try (Storage s = Storage.open(StorageConfig.defaults(data).withRetention(RetentionPolicy::unlimited, 0))) {
            for (String a : s.recoveryActions()) {
                System.out.println("recovered: " + a);
            }
            Verifier.Report report = s.verify(camera, f, t);
            System.out.print(report.format());
            return report.clean() ? 0 : 1;
        } catch (StorageException e) {
            System.out.println("verify: " + e.getMessage());
            return 2;
        }
    }
}
