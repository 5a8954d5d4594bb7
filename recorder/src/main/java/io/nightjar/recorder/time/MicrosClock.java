package io.nightjar.recorder.time;

/** Wall-clock time source in UTC microseconds; replaceable in tests. */
@FunctionalInterface
public interface MicrosClock {
    MicrosClock SYSTEM = () -> System.currentTimeMillis() * 1000L;

    long nowMicros();
}
