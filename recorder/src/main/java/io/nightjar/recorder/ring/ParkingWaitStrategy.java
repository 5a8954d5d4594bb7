package io.nightjar.recorder.ring;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.locks.LockSupport;

/**
 * How ring consumers wait: they look for new frames, and when there are none they park for a
 * short, fixed time ({@code parkNanos}) instead of being woken by every publication.
 *
 * <p>Why: with a blocking strategy each publication that finds a consumer asleep wakes it (a lock
 * and a futex call on the event loop, then a context switch): one per frame per consumer, which
 * measured as most of the engine's CPU with hundreds of cameras (the fleet benchmark). Parking for
 * 2 ms lets a consumer take the frames of that interval as one batch; it adds at most that to a
 * frame's path (nothing to worry about next to the 1 s fragments, and within the restream latency
 * target) and costs an idle consumer 500 wake-ups a second (about 50 µs of CPU each on the
 * benchmark VM), so a consumer that is not latency-critical can ask for a longer interval of its own
 * ({@link FrameConsumer#parkMicros}). After {@code timeoutNanos} without frames the consumer gets its
 * idle callback (timeout), as before.
 */
public final class ParkingWaitStrategy implements WaitStrategy {
    /** A consumer thread's own park interval, when it asked for one ({@link FrameConsumer#parkMicros}). */
    private static final ThreadLocal<long[]> THREAD_PARK_NANOS = new ThreadLocal<>();

    private final long parkNanos;
    private final long timeoutNanos;

    public ParkingWaitStrategy(long parkNanos, long timeoutNanos) {
        this.parkNanos = parkNanos;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException, TimeoutException {
        long available = dependentSequence.get();
        if (available >= sequence) {
            return available;
        }
        long[] own = THREAD_PARK_NANOS.get();
        long park = own != null ? own[0] : parkNanos;
        long start = System.nanoTime();
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (System.nanoTime() - start >= timeoutNanos) {
                throw TimeoutException.INSTANCE;
            }
            LockSupport.parkNanos(this, park);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return available;
    }

    /** Gives the calling consumer thread its own park interval (called from its onStart). */
    static void parkCurrentThreadFor(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("park interval must be positive, was " + nanos);
        }
        THREAD_PARK_NANOS.set(new long[] {nanos});
    }

    @Override
    public void signalAllWhenBlocking() {
        // consumers are never blocked waiting for a signal: they park for a fixed time
    }
}
