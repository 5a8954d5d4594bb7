package io.nightjar.api.cli;

import static io.nightjar.storage.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.recorder.testing.TestClips;
import io.nightjar.storage.index.FileRecord;
import io.nightjar.storage.testing.StorageFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nightjar verify}'s exit status says what it found: 0 intact, 1 any problem, 2 a bad argument. */
class VerifyCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run verify(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 1];
            all[0] = "verify";
            System.arraycopy(args, 0, all, 1, args.length);
            int code = NightjarCli.run(all);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void exitStatusFollowsWhatWasFound() throws Exception {
        StorageFixture fx = new StorageFixture(dir);
        fx.feeder("yard", TestClips.h264(320, 180, 25, 25, 2)).feed(T0, 75, true);
        fx.drain();
        FileRecord f = fx.storage.index().files().of("yard").get(0);
        fx.close();

        Run clean = verify("--data", dir.toString());
        assertThat(clean.exit()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).contains("1 indexed files checked: 1 ok");

        Run nosuch = verify("--data", dir.toString(), "--camera", "nosuch");
        assertThat(nosuch.exit()).isEqualTo(2);
        assertThat(nosuch.err()).contains("no camera 'nosuch'");

        Run notData = verify("--data", dir.resolve("elsewhere").toString());
        assertThat(notData.exit()).isEqualTo(2);
        assertThat(notData.err()).contains("not a Nightjar data directory");

        Files.delete(dir.resolve(f.path()));
        Run missing = verify("--data", dir.toString());
        assertThat(missing.exit()).as(missing.out()).isEqualTo(1);
        assertThat(missing.out()).contains("MISSING").contains("0 ok, 1 missing");
    }
}
