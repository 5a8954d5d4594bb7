package io.nightjar.storage.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hold values: binary ones read back as written, version-1 JSON ones (schemas 1–3) as they were. */
class HoldCodecTest {
    @Property(tries = 300)
    void aHoldReadsBackAsWritten(@ForAll("holds") Hold h) {
        assertThat(HoldCodec.decode(h.id(), HoldCodec.encode(h))).isEqualTo(h);
    }

    @Property(tries = 100)
    void aVersion1HoldReadsAsItWasWritten(@ForAll("holds") Hold h) throws Exception {
        byte[] json = new ObjectMapper().writeValueAsBytes(h); // what HoldStore wrote until schema 3
        assertThat(HoldCodec.decode(h.id(), json)).isEqualTo(h);
    }

    @Property(tries = 300)
    void aCutValueIsAClearError(@ForAll("holds") Hold h, @ForAll int at) {
        byte[] v = HoldCodec.encode(h);
        byte[] cut = java.util.Arrays.copyOf(v, Math.floorMod(at, v.length));
        try {
            HoldCodec.decode(h.id(), cut);
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageContaining("hold " + h.id());
            return;
        }
        throw new AssertionError("a value cut to " + cut.length + " of " + v.length + " bytes was read");
    }

    @Provide
    Arbitrary<Hold> holds() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(500);
        Arbitrary<Long> micros = Arbitraries.longs().between(0, 253_402_300_799_000_000L);
        return Combinators.combine(Arbitraries.longs().greaterOrEqual(1), text, micros, micros,
                Arbitraries.oneOf(micros, Arbitraries.just(Long.MAX_VALUE)), text, text, micros).as(Hold::new);
    }
}
