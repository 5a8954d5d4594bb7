package io.nightjar.benchmarks;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs JMH benchmark threads as Netty {@code FastThreadLocalThread}s, like the event loops the
 * measured code runs on in production. Netty's pooled allocator and recycler keep thread-local
 * caches only for such threads (since 4.1.34 {@code useCacheForAllThreads} defaults to false), so
 * a plain JMH thread would measure allocations that never happen in the server.
 *
 * <p>Selected with {@code -Djmh.executor=CUSTOM -Djmh.executor.class=io.nightjar.benchmarks.EventLoopLikeExecutor}.
 */
public final class EventLoopLikeExecutor extends ThreadPoolExecutor {
    public EventLoopLikeExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), new DefaultThreadFactory(prefix, true));
    }
}
