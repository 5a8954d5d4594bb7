package io.nightjar.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides which node records which camera, from the live nodes, the site's cameras and the current
 * assignments. A pure function (no ZooKeeper here), so that every rule is a property test:
 *
 * <ol>
 *   <li>A camera stays where it is while its node is alive and within capacity: a node joining
 *       moves nothing by itself.
 *   <li>Cameras without a node (new, or their node died) go, highest priority first, to the live
 *       node with the lowest load for its capacity. A camera without failover only ever goes to its
 *       home node (the first that recorded it) and waits, unassigned, while that node is down.
 *   <li>When capacity is short, a higher-priority camera takes the place of the lowest-priority
 *       camera on a node it may use; what is left over is unassigned (reported, never silently
 *       dropped).
 *   <li>Rebalancing is bounded: at most {@code maxMoves} cameras per plan move from a node above its
 *       fair share (by capacity) by more than one camera to one below it, so load evens out over a
 *       few rounds and a join never causes a storm of reconnects at the cameras.
 *   <li>The epoch of an assignment grows by one exactly when its node changes (assigned elsewhere,
 *       or unassigned).
 * </ol>
 */
public final class Planner {
    private Planner() {
    }

    /**
     * @param live     the nodes alive now
     * @param cameras  every camera of the site
     * @param current  the assignments as they stand, by camera (missing: never assigned)
     * @param maxMoves cameras that may move for balance alone in this plan
     * @return the assignment every camera should have, by camera, in camera order
     */
    public static Map<String, Assignment> plan(Collection<Member> live, Collection<CameraSpec> cameras,
                                               Map<String, Assignment> current, int maxMoves) {
        Map<String, Member> nodes = new TreeMap<>();
        for (Member m : live) {
            nodes.put(m.node(), m);
        }
        Map<String, Integer> load = new HashMap<>();
        for (String n : nodes.keySet()) {
            load.put(n, 0);
        }
        List<CameraSpec> order = new ArrayList<>(cameras);
        order.sort(Comparator.comparingInt(CameraSpec::priority).reversed()
                .thenComparing(c -> placedOnLive(current.get(c.camera()), nodes) ? 0 : 1)
                .thenComparing(CameraSpec::camera));
        Map<String, String> placed = new HashMap<>();
        for (CameraSpec c : order) { // 1: keep what is placed, in priority order, within capacity
            Assignment a = current.get(c.camera());
            if (placedOnLive(a, nodes) && load.get(a.node()) < nodes.get(a.node()).capacityCameras() && eligible(c, a, a.node())) {
                placed.put(c.camera(), a.node());
                load.merge(a.node(), 1, Integer::sum);
            }
        }
        for (int i = 0; i < order.size(); i++) { // 2: place the rest, evicting lower priorities when full
            CameraSpec c = order.get(i);
            if (placed.containsKey(c.camera())) {
                continue;
            }
            Assignment a = current.get(c.camera());
            String target = leastLoaded(c, a, nodes, load);
            if (target == null) {
                target = evictFor(c, a, order, i, nodes, placed, load);
            }
            if (target != null) {
                placed.put(c.camera(), target);
                load.merge(target, 1, Integer::sum);
            }
        }
        rebalance(order, current, nodes, placed, load, maxMoves);
        Map<String, Assignment> out = new LinkedHashMap<>();
        order.stream().map(CameraSpec::camera).sorted().forEach(camera -> {
            Assignment was = current.get(camera);
            String node = placed.get(camera);
            long epoch = was == null ? 1 : java.util.Objects.equals(was.node(), node) ? was.epoch() : was.epoch() + 1;
            String home = was != null && was.home() != null ? was.home() : node;
            out.put(camera, new Assignment(camera, node, epoch, home));
        });
        return out;
    }

    private static boolean placedOnLive(Assignment a, Map<String, Member> nodes) {
        return a != null && a.node() != null && nodes.containsKey(a.node());
    }

    /** May camera {@code c} be recorded by {@code node}? Without failover, only by its home. */
    private static boolean eligible(CameraSpec c, Assignment a, String node) {
        return c.failover() || a == null || a.home() == null || a.home().equals(node);
    }

    /** The eligible node with room whose load after taking one more camera is the smallest share of its capacity. */
    private static String leastLoaded(CameraSpec c, Assignment a, Map<String, Member> nodes, Map<String, Integer> load) {
        String best = null;
        double bestShare = Double.MAX_VALUE;
        for (Member m : nodes.values()) {
            int l = load.get(m.node());
            if (l >= m.capacityCameras() || !eligible(c, a, m.node())) {
                continue;
            }
            double share = (l + 1.0) / m.capacityCameras();
            if (share < bestShare) {
                best = m.node();
                bestShare = share;
            }
        }
        return best;
    }

    /**
     * Frees a place for {@code c} by unassigning the lowest-priority placed camera (below c's
     * priority) on a node c may use; that camera gets another chance later in the order.
     */
    private static String evictFor(CameraSpec c, Assignment a, List<CameraSpec> order, int at, Map<String, Member> nodes,
                                   Map<String, String> placed, Map<String, Integer> load) {
        for (int j = order.size() - 1; j > at; j--) {
            CameraSpec victim = order.get(j);
            String node = placed.get(victim.camera());
            if (node != null && victim.priority() < c.priority() && eligible(c, a, node)) {
                placed.remove(victim.camera());
                load.merge(node, -1, Integer::sum);
                return node;
            }
        }
        return null;
    }

    /** The eligible node furthest below its fair share (by capacity), or null when none is below it. */
    private static String mostBelowShare(CameraSpec c, Assignment a, Map<String, Member> nodes, Map<String, Integer> load,
                                         int total, int capacity) {
        String best = null;
        double bestDeficit = 0;
        for (Member m : nodes.values()) {
            double deficit = (double) total * m.capacityCameras() / capacity - load.get(m.node());
            if (deficit > bestDeficit && load.get(m.node()) < m.capacityCameras() && eligible(c, a, m.node())) {
                best = m.node();
                bestDeficit = deficit;
            }
        }
        return best;
    }

    private static void rebalance(List<CameraSpec> order, Map<String, Assignment> current, Map<String, Member> nodes,
                                  Map<String, String> placed, Map<String, Integer> load, int maxMoves) {
        int total = placed.size();
        int capacity = nodes.values().stream().mapToInt(Member::capacityCameras).sum();
        if (total == 0 || capacity == 0) {
            return;
        }
        Set<String> moved = new HashSet<>();
        for (int moves = 0; moves < maxMoves; moves++) {
            String from = null;
            double worst = 1.0; // cameras above fair share
            for (Member m : nodes.values()) {
                double over = load.get(m.node()) - (double) total * m.capacityCameras() / capacity;
                if (over > worst) {
                    worst = over;
                    from = m.node();
                }
            }
            if (from == null) {
                return;
            }
            boolean done = false;
            for (int j = order.size() - 1; j >= 0 && !done; j--) { // move the lowest priority first
                CameraSpec c = order.get(j);
                if (!from.equals(placed.get(c.camera())) || moved.contains(c.camera()) || !c.failover()) {
                    continue;
                }
                String to = mostBelowShare(c, current.get(c.camera()), nodes, load, total, capacity);
                if (to != null) {
                    placed.put(c.camera(), to);
                    load.merge(from, -1, Integer::sum);
                    load.merge(to, 1, Integer::sum);
                    moved.add(c.camera());
                    done = true;
                }
            }
            if (!done) {
                return;
            }
        }
    }
}
