package io.kkbridge.connect.kinesis.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which task reads which shard. A pure function of the shard listing and the committed offsets, so the same
 * inputs always give the same task configs (and Connect restarts no task needlessly).
 *
 * <p>Which shards: every open shard, and every closed shard not yet finished. A closed shard is finished when its
 * offset carries the shard-end marker, or when one of its children has an offset or is finished itself (a child is
 * read only after all its parents were finished). A finished shard is left out, and so is it from its children's
 * parent lists: nothing to wait for.
 *
 * <p>How they are spread: shards are grouped by lineage (parents and children connected by resharding), and whole
 * lineages are handed out largest first to the least loaded task, the load being the number of open shards. Keeping
 * a lineage on one task lets a child start the moment its parents are read, in the same task, instead of waiting
 * for the other task's offsets to be committed (up to {@code offset.flush.interval.ms}) and probing the parent
 * with GetRecords. A lineage with more open shards than a task's fair share ({@code ceil(open / maxTasks)}) is split
 * into one group per open shard with its unfinished ancestors, since keeping it whole would unbalance the tasks:
 * UpdateShardCount with a factor other than a power of two links every shard of a stream into one lineage. Across
 * such a split, order still holds through the cross-task parent check, only with more delay.
 */
public final class ShardAssigner {

    private ShardAssigner() {
    }

    /**
     * @param listing          every shard of every configured stream, in listing order (streams in config order)
     * @param offsets          committed offsets by {@link ShardDescription#key()}; shards without one are absent
     * @param initialShardKeys the shards that existed when the connector started
     * @return one assignment per task that has shards, at most {@code maxTasks}, indexed from 0
     */
    public static List<TaskAssignment> assign(List<ShardDescription> listing, Map<String, ShardOffset> offsets,
                                              Set<String> initialShardKeys, int maxTasks) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be at least 1, was " + maxTasks);
        }
        Map<String, ShardDescription> byKey = new LinkedHashMap<>();
        listing.forEach(shard -> byKey.put(shard.key(), shard));
        Map<String, List<String>> children = childrenByParent(byKey);
        Map<String, Boolean> finished = new HashMap<>();
        Map<String, AssignedShard> assigned = new LinkedHashMap<>();
        for (ShardDescription shard : byKey.values()) {
            if (!isFinished(shard.key(), byKey, children, offsets, finished)) {
                assigned.put(shard.key(), null);
            }
        }
        for (String key : assigned.keySet()) {
            ShardDescription shard = byKey.get(key);
            List<String> unfinishedParents = shard.parentShardIds().stream()
                    .filter(parent -> assigned.containsKey(ShardDescription.key(shard.stream(), parent)))
                    .toList();
            assigned.put(key, new AssignedShard(shard.stream(), shard.shardId(), unfinishedParents));
        }
        List<Group> groups = groups(assigned, byKey, maxTasks);
        return spread(groups, assigned, initialShardKeys, maxTasks, new ArrayList<>(byKey.keySet()));
    }

    private static Map<String, List<String>> childrenByParent(Map<String, ShardDescription> byKey) {
        Map<String, List<String>> children = new HashMap<>();
        for (ShardDescription shard : byKey.values()) {
            for (String parent : shard.parentShardIds()) {
                children.computeIfAbsent(ShardDescription.key(shard.stream(), parent), k -> new ArrayList<>())
                        .add(shard.key());
            }
        }
        return children;
    }

    private static boolean isFinished(String key, Map<String, ShardDescription> byKey,
                                      Map<String, List<String>> children, Map<String, ShardOffset> offsets,
                                      Map<String, Boolean> memo) {
        Boolean known = memo.get(key);
        if (known != null) {
            return known;
        }
        ShardOffset offset = offsets.get(key);
        boolean result = byKey.get(key).closed() && ((offset != null && offset.end())
                || children.getOrDefault(key, List.of()).stream().anyMatch(child -> offsets.containsKey(child)
                        || isFinished(child, byKey, children, offsets, memo)));
        memo.put(key, result);
        return result;
    }

    /** A set of shards that go to one task, weighed by its open shards. */
    private record Group(List<String> keys, int openShards) {
    }

    private static List<Group> groups(Map<String, AssignedShard> assigned, Map<String, ShardDescription> byKey,
                                      int maxTasks) {
        long openTotal = assigned.keySet().stream().filter(key -> !byKey.get(key).closed()).count();
        long fairShare = Math.max(1, (openTotal + maxTasks - 1) / maxTasks);
        List<Group> groups = new ArrayList<>();
        for (List<String> lineage : lineages(assigned)) {
            int open = (int) lineage.stream().filter(key -> !byKey.get(key).closed()).count();
            if (open <= fairShare) {
                groups.add(new Group(lineage, open));
            } else {
                groups.addAll(splitByOpenShard(lineage, assigned, byKey));
            }
        }
        return groups;
    }

    /** Connected components of the parent links among assigned shards, each in listing order. */
    private static List<List<String>> lineages(Map<String, AssignedShard> assigned) {
        Map<String, String> root = new HashMap<>();
        assigned.keySet().forEach(key -> root.put(key, key));
        for (AssignedShard shard : assigned.values()) {
            for (String parent : shard.parentShardIds()) {
                String a = find(root, shard.key());
                String b = find(root, shard.parentKey(parent));
                if (!a.equals(b)) {
                    root.put(a, b);
                }
            }
        }
        Map<String, List<String>> components = new LinkedHashMap<>();
        for (String key : assigned.keySet()) {
            components.computeIfAbsent(find(root, key), k -> new ArrayList<>()).add(key);
        }
        return new ArrayList<>(components.values());
    }

    private static String find(Map<String, String> root, String key) {
        String current = key;
        while (!root.get(current).equals(current)) {
            current = root.get(current);
        }
        return current;
    }

    private static List<Group> splitByOpenShard(List<String> lineage, Map<String, AssignedShard> assigned,
                                                Map<String, ShardDescription> byKey) {
        Set<String> claimed = new HashSet<>();
        List<Group> groups = new ArrayList<>();
        for (String key : lineage) {
            if (!byKey.get(key).closed()) {
                Set<String> group = new LinkedHashSet<>();
                claimWithAncestors(key, assigned, claimed, group);
                groups.add(new Group(inListingOrder(group, lineage), 1));
            }
        }
        for (String key : lineage) {
            if (claimed.add(key)) { // a closed shard no open shard descends from: a group of its own
                groups.add(new Group(List.of(key), 0));
            }
        }
        return groups;
    }

    private static void claimWithAncestors(String key, Map<String, AssignedShard> assigned, Set<String> claimed,
                                           Set<String> group) {
        if (!claimed.add(key)) {
            return;
        }
        group.add(key);
        AssignedShard shard = assigned.get(key);
        for (String parent : shard.parentShardIds()) {
            claimWithAncestors(shard.parentKey(parent), assigned, claimed, group);
        }
    }

    private static List<String> inListingOrder(Set<String> keys, List<String> order) {
        return order.stream().filter(keys::contains).toList();
    }

    private static List<TaskAssignment> spread(List<Group> groups, Map<String, AssignedShard> assigned,
                                               Set<String> initialShardKeys, int maxTasks, List<String> listingOrder) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < listingOrder.size(); i++) {
            rank.put(listingOrder.get(i), i);
        }
        List<Group> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparingInt(Group::openShards).reversed()
                .thenComparing(Comparator.comparingInt((Group group) -> group.keys().size()).reversed())
                .thenComparingInt(group -> rank.get(group.keys().get(0))));
        List<Set<String>> tasks = new ArrayList<>();
        int[] open = new int[maxTasks];
        for (int i = 0; i < maxTasks; i++) {
            tasks.add(new HashSet<>());
        }
        for (Group group : sorted) {
            int target = 0;
            for (int i = 1; i < maxTasks; i++) {
                boolean lessLoaded = open[i] < open[target]
                        || (open[i] == open[target] && tasks.get(i).size() < tasks.get(target).size());
                if (lessLoaded) {
                    target = i;
                }
            }
            tasks.get(target).addAll(group.keys());
            open[target] += group.openShards();
        }
        List<TaskAssignment> result = new ArrayList<>();
        for (Set<String> keys : tasks) {
            if (keys.isEmpty()) {
                continue;
            }
            List<AssignedShard> shards = inListingOrder(keys, listingOrder).stream().map(assigned::get).toList();
            Set<String> newShards = new LinkedHashSet<>();
            for (AssignedShard shard : shards) {
                if (!initialShardKeys.contains(shard.key())) {
                    newShards.add(shard.key());
                }
                shard.parentShardIds().stream().map(shard::parentKey)
                        .filter(parent -> !initialShardKeys.contains(parent)).forEach(newShards::add);
            }
            result.add(new TaskAssignment(result.size(), shards, newShards));
        }
        return result;
    }
}
