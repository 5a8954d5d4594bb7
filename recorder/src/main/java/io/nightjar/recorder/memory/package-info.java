/**
 * The one accounted budget for footage held in memory.
 *
 * <p>Everything that keeps access units or their copies in memory — payloads in the frame ring and
 * waiting to enter it, the segment writer's fragments being built and its direct-I/O staging
 * buffer, motion-recording pre-roll, live viewers' frames, analytics mailboxes — charges
 * {@link io.nightjar.recorder.memory.MemoryBudget} for what it holds and gives it back when it lets
 * go. Lossy holders ask ({@code tryAcquire}) and do without when refused; the lossless writer only
 * reports what it holds ({@code acquire}) and is never refused, because it frees memory by making
 * progress. Admission at ingress is the one place where footage is dropped when memory runs short:
 * camera by camera, lower {@link io.nightjar.recorder.memory.Priority} first, whole GOPs at a time
 * so that what is recorded stays decodable.
 *
 * <p>Nothing here blocks or allocates: the budget is a handful of atomic counters.
 */
package io.nightjar.recorder.memory;
