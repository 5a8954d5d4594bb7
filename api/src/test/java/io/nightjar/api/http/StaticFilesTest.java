package io.nightjar.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The built-in web files: served from memory once found; invented paths leave nothing behind. */
class StaticFilesTest {
    @Test
    void aFloodOfRequestsForFilesThatDoNotExistKeepsNothingInMemory() throws Exception {
        StaticFiles web = new StaticFiles(null);
        assertThat(web.serve("/")).isNotNull();
        assertThat(web.serve("/app.css")).isNotNull();
        int known = web.cachedFiles();
        assertThat(known).isEqualTo(2);
        for (int i = 0; i < 20_000; i++) { // unauthenticated: anyone can ask for these
            assertThat(web.serve("/js/nosuch-" + i + ".js")).isNull();
        }
        assertThat(web.cachedFiles()).as("misses are not cached").isEqualTo(known);
        assertThat(web.serve("/app.css")).as("hits still served").isNotNull();
    }

    @Test
    void traversalAndUnknownTypesAreRefused() throws Exception {
        StaticFiles web = new StaticFiles(null);
        assertThat(web.serve("/../pom.xml")).isNull();
        assertThat(web.serve("/index.exe")).isNull();
        assertThat(web.cachedFiles()).isZero();
    }
}
