package io.nightjar.benchmarks.fleet;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples every thread's stack ten times a second and counts the samples in which a thread of the
 * frame path (Netty event loops {@code io-*}, ring consumers {@code ring-*}) is waiting for
 * memory: inside {@code java.nio.Bits.reserveMemory}, the JDK's collect-sleep-and-retry loop when
 * direct memory is exhausted (what the 400-camera deadlock's thread dumps showed). The design
 * forbids it; the overload test asserts the count stays zero. A daemon thread; costs about a
 * millisecond a second.
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
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        while (true) {
            // dumpAllThreads takes each thread's state and stack together, at a safepoint
            for (java.lang.management.ThreadInfo info : mx.dumpAllThreads(false, false)) {
                String name = info.getThreadName();
                if (!name.startsWith("io-") && !name.startsWith("ring-")) {
                    continue;
                }
                samples.incrementAndGet();
                if (waitingForMemory(info.getThreadState(), info.getStackTrace())) {
                    waits.incrementAndGet();
                    long now = System.currentTimeMillis();
                    if (now - lastWaitLogged.get() > 1000) {
                        lastWaitLogged.set(now);
                        StringBuilder sb = new StringBuilder("thread " + name + " (" + info.getThreadState() + ") waits for memory:");
                        for (StackTraceElement f : info.getStackTrace()) {
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
     * Waiting for memory: inside the JDK's reservation loop {@code java.nio.Bits.reserveMemory}
     * while it collects garbage or sleeps before retrying (its fast path, a compare-and-set while
     * running, is not counted). That loop is the only place on this path where a thread waits for
     * memory to be freed; Netty's own allocator either allocates or fails.
     */
    static boolean waitingForMemory(Thread.State state, StackTraceElement[] stack) {
        boolean reserving = false;
        boolean collectingOrSleeping = false;
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            String m = f.getMethodName();
            if (c.equals("java.nio.Bits") && m.equals("reserveMemory")) {
                reserving = true;
            } else if (((c.equals("java.lang.System") || c.equals("java.lang.Runtime")) && m.equals("gc"))
                    || (c.equals("java.lang.Thread") && m.equals("sleep"))) {
                collectingOrSleeping = true;
            }
        }
        return reserving && (collectingOrSleeping || state != Thread.State.RUNNABLE);
    }
}
