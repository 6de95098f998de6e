package io.kkbridge.connect.kinesis.source;

import static io.kkbridge.connect.kinesis.source.FakeKinesisProxy.shardId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ShardAssignerTest {

    private static final String SEQUENCE = "49000000000000000000000000000001";

    @Test
    void shouldSpreadOpenShardsEvenlyAndCreateNoEmptyTasks() {
        List<ShardDescription> listing = List.of(open("orders", 0), open("orders", 1), open("orders", 2),
                open("orders", 3), open("orders", 4));

        List<TaskAssignment> twoTasks = ShardAssigner.assign(listing, Map.of(), keys(listing), 2);
        List<TaskAssignment> tenTasks = ShardAssigner.assign(listing, Map.of(), keys(listing), 10);

        assertThat(shardIds(twoTasks)).containsExactly(
                List.of(shardId(0), shardId(2), shardId(4)), List.of(shardId(1), shardId(3)));
        assertThat(twoTasks).extracting(TaskAssignment::taskIndex).containsExactly(0, 1);
        assertThat(tenTasks).hasSize(5).allSatisfy(task -> assertThat(task.shards()).hasSize(1));
    }

    @Test
    void shouldSpreadShardsOfSeveralStreamsWithoutMixingUpTheirIds() {
        List<ShardDescription> listing = List.of(open("orders", 0), open("orders", 1), open("clicks", 0),
                open("clicks", 1));

        List<TaskAssignment> tasks = ShardAssigner.assign(listing, Map.of(), keys(listing), 2);

        assertThat(tasks).extracting(task -> task.shards().stream().map(AssignedShard::key).toList())
                .containsExactly(List.of("orders/" + shardId(0), "clicks/" + shardId(0)),
                        List.of("orders/" + shardId(1), "clicks/" + shardId(1)));
    }

    @Test
    void shouldKeepAnUnfinishedParentAndItsChildrenOnOneTask() {
        List<ShardDescription> listing = List.of(closed("orders", 0), open("orders", 1), open("orders", 2),
                open("orders", 3), open("orders", 4, 0), open("orders", 5, 0));

        List<TaskAssignment> tasks = ShardAssigner.assign(listing, Map.of(), keys(listing), 2);

        assertThat(shardIds(tasks)).containsExactly(
                List.of(shardId(0), shardId(4), shardId(5)), List.of(shardId(1), shardId(2), shardId(3)));
        assertThat(tasks.get(0).shards().get(1).parentShardIds()).containsExactly(shardId(0));
    }

    @Test
    void shouldSplitALineageWithMoreOpenShardsThanAFairShareKeepingEachParentWithAChild() {
        // UpdateShardCount 2 -> 3: every shard ends up in one lineage
        List<ShardDescription> listing = List.of(closed("orders", 0), closed("orders", 1), open("orders", 2, 0),
                open("orders", 3, 0, 1), open("orders", 4, 1));

        List<TaskAssignment> tasks = ShardAssigner.assign(listing, Map.of(), keys(listing), 3);

        assertThat(shardIds(tasks)).containsExactly(List.of(shardId(0), shardId(2)),
                List.of(shardId(1), shardId(3)), List.of(shardId(4)));
        assertThat(tasks.get(1).shards().get(1).parentShardIds()).containsExactly(shardId(0), shardId(1));
    }

    @Test
    void shouldLeaveOutFinishedClosedShardsAndNotMakeChildrenWaitForThem() {
        List<ShardDescription> listing = List.of(
                closed("orders", 0), closed("orders", 1, 0), open("orders", 2, 1),   // 0 finished: 1 has an offset
                closed("orders", 3), open("orders", 4, 3),                          // 3 ended with a marker
                closed("orders", 5), open("orders", 6, 5));                         // 5 unfinished
        Map<String, ShardOffset> offsets = Map.of(
                "orders/" + shardId(1), ShardOffset.after(SEQUENCE),
                "orders/" + shardId(3), ShardOffset.after(SEQUENCE).atShardEnd());

        List<TaskAssignment> tasks = ShardAssigner.assign(listing, offsets, keys(listing), 1);

        assertThat(tasks.get(0).shards()).containsExactly(
                new AssignedShard("orders", shardId(1), List.of()),
                new AssignedShard("orders", shardId(2), List.of(shardId(1))),
                new AssignedShard("orders", shardId(4), List.of()),
                new AssignedShard("orders", shardId(5), List.of()),
                new AssignedShard("orders", shardId(6), List.of(shardId(5))));
    }

    @Test
    void shouldTreatAClosedShardAsFinishedWhenAGrandchildWasRead() {
        List<ShardDescription> listing = List.of(closed("orders", 0), closed("orders", 1, 0), open("orders", 2, 1));

        List<TaskAssignment> tasks = ShardAssigner.assign(listing,
                Map.of("orders/" + shardId(2), ShardOffset.after(SEQUENCE)), keys(listing), 1);

        assertThat(tasks.get(0).shards()).containsExactly(new AssignedShard("orders", shardId(2), List.of()));
    }

    @Test
    void shouldNameTheShardsCreatedAfterTheConnectorStartedAndTheirParents() {
        List<ShardDescription> listing = List.of(closed("orders", 0), open("orders", 1), open("orders", 2, 0),
                open("orders", 3, 0));
        Set<String> initial = Set.of("orders/" + shardId(0), "orders/" + shardId(1));

        List<TaskAssignment> tasks = ShardAssigner.assign(listing, Map.of(), initial, 1);

        assertThat(tasks.get(0).newShardKeys()).containsExactlyInAnyOrder("orders/" + shardId(2),
                "orders/" + shardId(3));
    }

    @Test
    void shouldGiveTheSameAssignmentForTheSameInput() {
        List<ShardDescription> listing = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            listing.add(i < 5 ? closed("orders", i) : open("orders", i, i < 15 ? new int[] {(i - 5) / 2} : new int[0]));
        }

        assertThat(ShardAssigner.assign(listing, Map.of(), keys(listing), 4))
                .isEqualTo(ShardAssigner.assign(List.copyOf(listing), Map.of(), keys(listing), 4));
    }

    private static ShardDescription open(String stream, int number, int... parents) {
        return new ShardDescription(stream, shardId(number), parentIds(parents), false);
    }

    private static ShardDescription closed(String stream, int number, int... parents) {
        return new ShardDescription(stream, shardId(number), parentIds(parents), true);
    }

    private static List<String> parentIds(int... parents) {
        return java.util.Arrays.stream(parents).mapToObj(FakeKinesisProxy::shardId).toList();
    }

    private static Set<String> keys(List<ShardDescription> listing) {
        return listing.stream().map(ShardDescription::key).collect(Collectors.toSet());
    }

    private static List<List<String>> shardIds(List<TaskAssignment> tasks) {
        return tasks.stream().map(task -> task.shards().stream().map(AssignedShard::shardId).toList()).toList();
    }
}
