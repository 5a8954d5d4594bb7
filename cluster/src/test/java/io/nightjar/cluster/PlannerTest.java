package io.nightjar.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The controller's planning rules, as properties over random sites. */
class PlannerTest {
    record Site(List<Member> nodes, List<CameraSpec> cameras) {
    }

    private static Map<String, Integer> load(Map<String, Assignment> plan) {
        Map<String, Integer> load = new HashMap<>();
        plan.values().stream().filter(Assignment::assigned).forEach(a -> load.merge(a.node(), 1, Integer::sum));
        return load;
    }

    private static Map<String, Assignment> settle(Site s, Map<String, Assignment> from, int maxMoves) {
        Map<String, Assignment> plan = from;
        for (int i = 0; i < 200; i++) {
            Map<String, Assignment> next = Planner.plan(s.nodes(), s.cameras(), plan, maxMoves);
            if (next.equals(plan)) {
                return plan;
            }
            plan = next;
        }
        throw new AssertionError("no fixed point after 200 rounds");
    }

    @Property(tries = 300)
    void noNodeIsOverItsCapacityAndEveryCameraFitsWhenThereIsRoom(@ForAll("sites") Site s, @ForAll @IntRange(max = 3) int moves) {
        Map<String, Assignment> plan = Planner.plan(s.nodes(), s.cameras(), Map.of(), moves);
        Map<String, Integer> load = load(plan);
        for (Member m : s.nodes()) {
            assertThat(load.getOrDefault(m.node(), 0)).as(m.node()).isLessThanOrEqualTo(m.capacityCameras());
        }
        int capacity = s.nodes().stream().mapToInt(Member::capacityCameras).sum();
        long assigned = plan.values().stream().filter(Assignment::assigned).count();
        assertThat(assigned).isEqualTo(Math.min(capacity, s.cameras().size()));
        assertThat(plan.keySet()).containsExactlyInAnyOrderElementsOf(s.cameras().stream().map(CameraSpec::camera).toList());
    }

    @Property(tries = 300)
    void aNodeJoiningMovesNothingWithoutRebalancingAndAtMostTheBoundWithIt(@ForAll("sites") Site s, @ForAll @IntRange(max = 3) int moves) {
        Map<String, Assignment> before = settle(s, Map.of(), 0);
        List<Member> more = new ArrayList<>(s.nodes());
        more.add(new Member("joined", "j:80", null, 50));
        Map<String, Assignment> after = Planner.plan(more, s.cameras(), before, moves);
        long movedAssigned = before.values().stream()
                .filter(a -> a.assigned() && !Objects.equals(a.node(), after.get(a.camera()).node())).count();
        assertThat(movedAssigned).as("cameras taken from a live node").isLessThanOrEqualTo(moves);
    }

    @Property(tries = 300)
    void aDeadNodesCamerasGoElsewhereAndTheOthersStayPut(@ForAll("sites") Site s) {
        Map<String, Assignment> before = settle(s, Map.of(), 0);
        Member dead = s.nodes().get(0);
        List<Member> live = s.nodes().subList(1, s.nodes().size());
        Map<String, Assignment> after = Planner.plan(live, s.cameras(), before, 0);
        int spare = live.stream().mapToInt(Member::capacityCameras).sum() - (int) before.values().stream()
                .filter(a -> a.assigned() && !a.node().equals(dead.node())).count();
        for (Assignment a : after.values()) {
            Assignment was = before.get(a.camera());
            assertThat(a.node()).isNotEqualTo(dead.node());
            if (was.assigned() && !was.node().equals(dead.node())) {
                assertThat(a.node()).as("a camera on a live node stays (all same priority)").isEqualTo(was.node());
            }
            assertThat(a.epoch()).as("the epoch grows exactly when the node changes")
                    .isEqualTo(Objects.equals(a.node(), was.node()) ? was.epoch() : was.epoch() + 1);
        }
        long orphans = before.values().stream().filter(a -> dead.node().equals(a.node())).count();
        long moved = after.values().stream().filter(a -> dead.node().equals(before.get(a.camera()).node()) && a.assigned()).count();
        assertThat(moved).isEqualTo(Math.min(orphans, spare));
    }

    @Property(tries = 200)
    void rebalancingConvergesAndEndsWithinOneCameraOfTheFairShare(@ForAll("sites") Site s) {
        Map<String, Assignment> lopsided = settle(new Site(s.nodes().subList(0, 1), s.cameras()), Map.of(), 0);
        Map<String, Assignment> settled = settle(s, lopsided, 2);
        Map<String, Integer> load = load(settled);
        int total = load.values().stream().mapToInt(Integer::intValue).sum();
        int capacity = s.nodes().stream().mapToInt(Member::capacityCameras).sum();
        for (Member m : s.nodes()) {
            double fair = (double) total * m.capacityCameras() / capacity;
            assertThat(load.getOrDefault(m.node(), 0)).as(m.node() + " near its share " + fair).isLessThanOrEqualTo((int) Math.ceil(fair + 1));
        }
    }

    @Example
    void whenCapacityIsShortTheHigherPriorityCamerasAreRecorded() {
        List<Member> nodes = List.of(new Member("a", "a:80", null, 2));
        List<CameraSpec> cams = List.of(new CameraSpec("low1", 0, true), new CameraSpec("low2", 0, true));
        Map<String, Assignment> first = Planner.plan(nodes, cams, Map.of(), 0);
        assertThat(load(first)).containsEntry("a", 2);
        List<CameraSpec> more = new ArrayList<>(cams);
        more.add(new CameraSpec("vault", 10, true));
        Map<String, Assignment> after = Planner.plan(nodes, more, first, 0);
        assertThat(after.get("vault").node()).isEqualTo("a");
        assertThat(after.values().stream().filter(a -> !a.assigned()).map(Assignment::camera).toList())
                .as("one low-priority camera gives way").hasSize(1).allMatch(c -> c.startsWith("low"));
    }

    @Example
    void aCameraWithoutFailoverWaitsForItsHomeNode() {
        List<Member> both = List.of(new Member("a", "a:80", null, 4), new Member("b", "b:80", null, 4));
        List<CameraSpec> cams = List.of(new CameraSpec("pinned", 0, false));
        Map<String, Assignment> first = Planner.plan(both, cams, Map.of(), 0);
        String home = first.get("pinned").node();
        assertThat(first.get("pinned").home()).isEqualTo(home);
        List<Member> other = both.stream().filter(m -> !m.node().equals(home)).toList();
        Map<String, Assignment> down = Planner.plan(other, cams, first, 0);
        assertThat(down.get("pinned").assigned()).as("not moved to another node").isFalse();
        assertThat(down.get("pinned").epoch()).isEqualTo(2);
        Map<String, Assignment> back = Planner.plan(both, cams, down, 0);
        assertThat(back.get("pinned").node()).isEqualTo(home);
        assertThat(back.get("pinned").epoch()).isEqualTo(3);
    }

    @Provide
    Arbitrary<Site> sites() {
        Arbitrary<List<Member>> nodes = Arbitraries.integers().between(1, 20).list().ofMinSize(2).ofMaxSize(6).map(caps -> {
            List<Member> out = new ArrayList<>();
            for (int i = 0; i < caps.size(); i++) {
                out.add(new Member("n" + i, "n" + i + ":80", null, caps.get(i)));
            }
            return out;
        });
        Arbitrary<Integer> cameras = Arbitraries.integers().between(0, 60);
        return Combinators.combine(nodes, cameras).as((n, c) -> {
            List<CameraSpec> cams = new ArrayList<>();
            for (int i = 0; i < c; i++) {
                cams.add(CameraSpec.of("cam" + i));
            }
            return new Site(n, cams);
        });
    }
}
