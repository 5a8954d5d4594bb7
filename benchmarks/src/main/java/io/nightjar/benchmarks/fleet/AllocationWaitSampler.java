package io.nightjar.benchmarks.fleet;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples every thread's stack ten times a second and counts the samples in which a thread of the
 * frame path (Netty event loops {@code io-*}, ring consumers {@code ring-*}) is waiting for
 * memory: inside {@code java.nio.Bits.reserveMemory} (the JDK's sleep-and-retry when direct memory
 * is exhausted), or parked/blocked inside Netty's buffer allocation. The design forbids both; the
 * overload test asserts the count stays zero. A daemon thread; costs about a millisecond a second.
 */
final class AllocationWaitSampler implements Runnable {
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong lastWaitLogged = new AtomicLong();

    static AllocationWaitSampler start() {
        AllocationWaitSampler s = new AllocationWaitSampler();
        Thread t = new Thread(s, "allocation-wait-sampler");
        t.setDaemon(true);
        t.start();
        return s;
    }

    long samples() {
        return samples.get();
    }

    long waits() {
        return waits.get();
    }

    @Override
    public void run() {
        while (true) {
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                Thread t = e.getKey();
                String name = t.getName();
                if (!name.startsWith("io-") && !name.startsWith("ring-")) {
                    continue;
                }
                samples.incrementAndGet();
                if (waitingForMemory(t.getState(), e.getValue())) {
                    waits.incrementAndGet();
                    long now = System.currentTimeMillis();
                    if (now - lastWaitLogged.get() > 1000) {
                        lastWaitLogged.set(now);
                        StringBuilder sb = new StringBuilder("thread " + name + " waits for memory:");
                        for (StackTraceElement f : e.getValue()) {
                            sb.append("\n\tat ").append(f);
                        }
                        System.err.println(sb);
                    }
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException ex) {
                return;
            }
        }
    }

    /**
     * Waiting, as opposed to allocating: the JDK's reservation loop collecting garbage or sleeping
     * (its fast path, a compare-and-set, is not counted), or any non-running state inside Netty's
     * allocator.
     */
    static boolean waitingForMemory(Thread.State state, StackTraceElement[] stack) {
        boolean reserving = false;
        boolean collecting = false;
        boolean inAllocation = false;
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (c.equals("java.nio.Bits") && f.getMethodName().equals("reserveMemory")) {
                reserving = true;
            } else if ((c.equals("java.lang.System") || c.equals("java.lang.Runtime")) && f.getMethodName().equals("gc")) {
                collecting = true;
            } else if (c.startsWith("io.netty.buffer.") && f.getMethodName().contains("alloc")) {
                inAllocation = true;
            }
        }
        boolean notRunning = state != Thread.State.RUNNABLE;
        return (reserving && (collecting || notRunning)) || (inAllocation && notRunning);
    }
}
