package io.nightjar.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightjar.api.service.ServiceException;
import org.junit.jupiter.api.Test;

/** What a caller got wrong is answered by its kind, each with its own status. */
class ServiceErrorStatusTest {
    @Test
    void eachKindOfMistakeHasItsStatus() {
        assertThat(HttpApiHandler.status(ServiceException.Kind.INVALID)).isEqualTo(400);
        assertThat(HttpApiHandler.status(ServiceException.Kind.FORBIDDEN)).isEqualTo(403);
        assertThat(HttpApiHandler.status(ServiceException.Kind.NOT_FOUND)).isEqualTo(404);
        assertThat(HttpApiHandler.status(ServiceException.Kind.CONFLICT)).isEqualTo(409);
    }
}
