package io.nightjar.api.service;

/** A live result being delivered; closing it stops delivery. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
