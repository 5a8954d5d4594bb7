package io.nightjar.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which cameras this node records, from the assignments it sees. Fencing favours recording: the
 * node starts a camera when an assignment names it, and stops it only when it sees a newer epoch
 * naming another node (or nobody), or the camera leave the site while it is connected. Losing the
 * ZooKeeper session changes nothing here: a node cut off from ZooKeeper but not from its cameras
 * keeps recording what it has, and a brief overlap with the node that took over is the price (each
 * stamps its epoch into what it writes, so the overlap can be reconciled); a gap is not.
 *
 * <p>Updated on the node's {@code cluster-events} thread only, so its listener is called on that one thread, in order.
 */
public final class Ownership {
    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);

    /** What the node's recorder is told. Calls come on one thread, in order; they must not block for long. */
    public interface Listener {
        /**
         * Record {@code camera} from now on, stamping {@code epoch} into what is written. Called
         * again with a newer epoch when the camera came back to this node while it was still
         * recording it (moved away while this node was cut off, then back).
         */
        void start(String camera, long epoch);

        /** Stop recording {@code camera}: {@code owner} (null: nobody) has it from {@code epoch} on. */
        void stop(String camera, long epoch, String owner);
    }

    private final String node;
    private final Listener listener;
    private final BooleanSupplier connected;
    private final Map<String, Long> owned = new HashMap<>();

    Ownership(String node, Listener listener, BooleanSupplier connected) {
        this.node = node;
        this.listener = listener;
        this.connected = connected;
    }

    /** Applies the assignments as they stand. */
    synchronized void update(Map<String, Assignment> assignments) {
        for (Assignment a : assignments.values()) {
            Long mine = owned.get(a.camera());
            if (node.equals(a.node())) {
                if (mine == null || mine < a.epoch()) {
                    owned.put(a.camera(), a.epoch());
                    LOG.info("recording camera {} (epoch {})", a.camera(), a.epoch());
                    call(() -> listener.start(a.camera(), a.epoch()));
                }
            } else if (mine != null && a.epoch() > mine) {
                owned.remove(a.camera());
                LOG.info("camera {} now {} (epoch {}): stopping", a.camera(), a.node() == null ? "unassigned" : "recorded by " + a.node(), a.epoch());
                call(() -> listener.stop(a.camera(), a.epoch(), a.node()));
            }
        }
        if (connected.getAsBoolean()) {
            owned.keySet().removeIf(camera -> {
                if (assignments.containsKey(camera)) {
                    return false;
                }
                LOG.info("camera {} left the site: stopping", camera);
                call(() -> listener.stop(camera, Long.MAX_VALUE, null));
                return true;
            });
        }
    }

    /** Cameras this node records now, with their epochs. */
    public synchronized Map<String, Long> owned() {
        return Map.copyOf(owned);
    }

    private static void call(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("the recorder failed to follow an assignment", e);
        }
    }
}
