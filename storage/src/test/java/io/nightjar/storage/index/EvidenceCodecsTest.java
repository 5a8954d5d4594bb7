package io.nightjar.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Bookmark and audit values: every record reads back as written (any text, absent fields absent),
 * and any damaged value is an {@link IllegalArgumentException} naming the record, never another
 * exception or an allocation its length field asks for.
 */
class EvidenceCodecsTest {
    @Property(tries = 300)
    void aBookmarkReadsBackAsWritten(@ForAll("bookmarks") Bookmark b) {
        assertThat(BookmarkCodec.decode(b.id(), BookmarkCodec.encode(b))).isEqualTo(b);
    }

    @Property(tries = 300)
    void anAuditRecordReadsBackAsWritten(@ForAll("audits") AuditRecord a) {
        assertThat(AuditCodec.decode(a.timeMicros(), AuditCodec.encode(a))).isEqualTo(a);
    }

    @Property(tries = 500)
    void aDamagedValueIsAClearErrorNeverAnotherFailure(@ForAll("bookmarks") Bookmark b, @ForAll("audits") AuditRecord a,
                                                       @ForAll byte[] noise, @ForAll int at) {
        for (byte[] v : new byte[][] {BookmarkCodec.encode(b), AuditCodec.encode(a)}) {
            byte[] cut = java.util.Arrays.copyOf(v, Math.floorMod(at, v.length));
            byte[] flipped = v.clone();
            flipped[Math.floorMod(at, v.length)] ^= (byte) (1 + Math.floorMod(at, 255));
            for (byte[] bad : new byte[][] {cut, flipped, noise}) {
                try {
                    BookmarkCodec.decode(1, bad);
                } catch (IllegalArgumentException expected) {
                    assertThat(expected).hasMessageContaining("bookmark 1");
                }
                try {
                    AuditCodec.decode(1, bad);
                } catch (IllegalArgumentException expected) {
                    assertThat(expected).hasMessageContaining("audit record at 1");
                }
            }
        }
    }

    @Example
    void aLengthLargerThanTheValueIsRefusedBeforeAnythingIsAllocated() {
        byte[] v = {2, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'x'};
        assertThatThrownBy(() -> BookmarkCodec.decode(9, v)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bookmark 9").hasMessageContaining("bytes where");
    }

    @Example
    void anUnknownVersionIsNamed() {
        assertThatThrownBy(() -> AuditCodec.decode(5, new byte[] {7, 0})).hasMessageContaining("version 7 is unknown");
        assertThatThrownBy(() -> BookmarkCodec.decode(5, "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version-1");
    }

    @Provide
    Arbitrary<Bookmark> bookmarks() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(300);
        Arbitrary<Long> micros = Arbitraries.longs().between(0, 253_402_300_799_000_000L);
        return Combinators.combine(Arbitraries.longs().greaterOrEqual(1), text, micros, micros.injectNull(0.4), text, text, micros)
                .as(Bookmark::new);
    }

    @Provide
    Arbitrary<AuditRecord> audits() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(300);
        Arbitrary<Long> micros = Arbitraries.longs().between(0, 253_402_300_799_000_000L);
        return Combinators.combine(micros, text.injectNull(0.3), text.injectNull(0.3), text, text.injectNull(0.3),
                micros.injectNull(0.3), micros.injectNull(0.3), text.injectNull(0.3)).as(AuditRecord::new);
    }
}
