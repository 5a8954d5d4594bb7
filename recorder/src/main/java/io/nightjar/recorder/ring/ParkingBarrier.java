package io.nightjar.recorder.ring;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.locks.LockSupport;

/**
 * How one ring consumer waits: it looks for new frames, and when there are none it parks for a
 * short, fixed time of its own ({@code parkNanos}) instead of being woken by every publication.
 * Each consumer has its own barrier, so its interval is a field, not a thread-local looked up on
 * every wait.
 *
 * <p>Why: with a blocking strategy each publication that finds a consumer asleep wakes it (a lock
 * and a futex call on the event loop, then a context switch): one per frame per consumer, which
 * measured as most of the engine's CPU with hundreds of cameras (the fleet benchmark). Parking for
 * 2 ms lets a consumer take the frames of that interval as one batch; it adds at most that to a
 * frame's path (nothing to worry about next to the 1 s fragments, and within the restream latency
 * target) and costs an idle consumer 500 wake-ups a second (about 50 µs of CPU each on the
 * benchmark VM), so a consumer that is not latency-critical asks for a longer interval
 * ({@link FrameConsumer#parkMicros}). After {@code timeoutNanos} without frames the consumer gets
 * its idle callback (a {@link TimeoutException}).
 */
final class ParkingBarrier implements SequenceBarrier {
    /** The ring's own wait strategy: answers at once with what is published (the barriers do the waiting). */
    static final WaitStrategy ANSWER_AT_ONCE = new WaitStrategy() {
        @Override
        public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier) {
            return dependentSequence.get();
        }

        @Override
        public void signalAllWhenBlocking() {
            // nobody blocks: consumers park for a fixed time
        }
    };

    private final SequenceBarrier ring;
    private final long parkNanos;
    private final long timeoutNanos;

    /** @param ring a barrier of a ring built with {@link #ANSWER_AT_ONCE} */
    ParkingBarrier(SequenceBarrier ring, long parkNanos, long timeoutNanos) {
        if (parkNanos <= 0) {
            throw new IllegalArgumentException("park interval must be positive, was " + parkNanos);
        }
        this.ring = ring;
        this.parkNanos = parkNanos;
        this.timeoutNanos = timeoutNanos;
    }

    long parkNanos() {
        return parkNanos;
    }

    @Override
    public long waitFor(long sequence) throws AlertException, InterruptedException, TimeoutException {
        long available = ring.waitFor(sequence);
        if (available >= sequence) {
            return available;
        }
        long start = System.nanoTime();
        while ((available = ring.waitFor(sequence)) < sequence) { // checks the alert first
            if (System.nanoTime() - start >= timeoutNanos) {
                throw TimeoutException.INSTANCE;
            }
            LockSupport.parkNanos(this, parkNanos);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return available;
    }

    @Override
    public long getCursor() {
        return ring.getCursor();
    }

    @Override
    public boolean isAlerted() {
        return ring.isAlerted();
    }

    @Override
    public void alert() {
        ring.alert();
    }

    @Override
    public void clearAlert() {
        ring.clearAlert();
    }

    @Override
    public void checkAlert() throws AlertException {
        ring.checkAlert();
    }
}
