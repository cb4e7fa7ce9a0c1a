using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Tests.Planning;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Membership;

public class BatchChangesTests
{
    private static readonly HashSet<string> NoExclusions = new(StringComparer.Ordinal);

    [Theory]
    [InlineData(ChangeKind.Join, 1, ChangeKind.Leave, 2, ChangeKind.Leave)]
    [InlineData(ChangeKind.Leave, 1, ChangeKind.Join, 2, ChangeKind.Join)]
    [InlineData(ChangeKind.Join, 2, ChangeKind.Leave, 1, ChangeKind.Join)]
    [InlineData(ChangeKind.Join, 5, ChangeKind.Leave, 5, ChangeKind.Leave)] // equal times: leave beats join
    [InlineData(ChangeKind.Join, 5, ChangeKind.Move, 5, ChangeKind.Move)] // equal times: move beats join
    [InlineData(ChangeKind.Move, 5, ChangeKind.Leave, 5, ChangeKind.Leave)] // equal times: leave beats move
    [InlineData(ChangeKind.Move, 6, ChangeKind.Leave, 5, ChangeKind.Move)]
    [InlineData(ChangeKind.Join, 6, ChangeKind.Move, 5, ChangeKind.Join)]
    [InlineData(ChangeKind.Move, 4, ChangeKind.Move, 5, ChangeKind.Move)]
    public void Newest_change_per_account_wins_in_either_order(
        ChangeKind firstKind, int firstMinute, ChangeKind secondKind, int secondMinute, ChangeKind expected)
    {
        var first = Change(1, firstKind, firstMinute);
        var second = Change(1, secondKind, secondMinute);

        Assert.Equal(expected, BatchChanges.Collapse([first, second])[Account(1)].Kind);
        Assert.Equal(expected, BatchChanges.Collapse([second, first])[Account(1)].Kind);
    }

    [Fact]
    public void Collapse_keeps_one_change_per_account()
    {
        var collapsed = BatchChanges.Collapse(
        [
            Change(1, ChangeKind.Join, 1), Change(2, ChangeKind.Join, 1), Change(1, ChangeKind.Join, 1),
            Change(2, ChangeKind.Leave, 3), Change(3, ChangeKind.Leave, 0),
        ]);

        Assert.Equal(3, collapsed.Count);
        Assert.Equal(ChangeKind.Join, collapsed[Account(1)].Kind);
        Assert.Equal(ChangeKind.Leave, collapsed[Account(2)].Kind);
        Assert.Equal(Time(3), collapsed[Account(2)].Time);
        Assert.Equal(ChangeKind.Leave, collapsed[Account(3)].Kind);
    }

    [Fact]
    public void The_same_change_delivered_under_two_event_ids_keeps_the_same_one_whatever_the_order()
    {
        var a = Change(1, ChangeKind.Join, 1, "evt-a");
        var b = Change(1, ChangeKind.Join, 1, "evt-b");

        Assert.Equal("evt-a", BatchChanges.Collapse([a, b])[Account(1)].EventId);
        Assert.Equal("evt-a", BatchChanges.Collapse([b, a])[Account(1)].EventId);
    }

    [Fact]
    public void On_a_tie_the_change_that_reaches_every_target_is_kept_whatever_the_order()
    {
        var everywhere = Change(1, ChangeKind.Join, 1, "evt-b");
        var channelsOnly = Change(1, ChangeKind.Join, 1, "evt-a") with { Reach = ChangeReach.DeliveryChannels };

        Assert.Same(everywhere, BatchChanges.Collapse([everywhere, channelsOnly])[Account(1)]);
        Assert.Same(everywhere, BatchChanges.Collapse([channelsOnly, everywhere])[Account(1)]);
    }

    [Fact]
    public void A_newer_change_of_a_narrower_reach_still_wins_the_collapse()
    {
        // Why the pipeline selects the changes that concern a target before collapsing for it.
        var join = Change(1, ChangeKind.Join, 1);
        var channelCheck = Change(1, ChangeKind.Join, 2) with { Reach = ChangeReach.DeliveryChannels };

        Assert.Equal(ChangeReach.DeliveryChannels, BatchChanges.Collapse([join, channelCheck])[Account(1)].Reach);
    }

    public static TheoryData<string, AccountChange[], int[], int[]> MovesInDeltas => new()
    {
        // name, changes, expected joins, expected leaves (removeOnLeave)
        { "a move alone changes nothing", [Change(1, ChangeKind.Move, 1)], [], [] },
        { "a newer move does not hide a join", [Change(1, ChangeKind.Join, 1), Change(1, ChangeKind.Move, 2)], [1], [] },
        { "a newer move does not hide a leave", [Change(1, ChangeKind.Leave, 1), Change(1, ChangeKind.Move, 2)], [], [1] },
        { "a move at the instant of a join", [Change(1, ChangeKind.Move, 1), Change(1, ChangeKind.Join, 1)], [1], [] },
        { "moves beside other accounts' changes", [Change(1, ChangeKind.Move, 1), Change(2, ChangeKind.Join, 1), Change(3, ChangeKind.Leave, 1), Change(3, ChangeKind.Move, 0)], [2], [3] },
    };

    [Theory]
    [MemberData(nameof(MovesInDeltas))]
    public void Deltas_skip_moves(string name, AccountChange[] changes, int[] joins, int[] leaves)
    {
        var delta = BatchChanges.ToDelta(changes, NoExclusions, removeOnLeave: true);

        Assert.True(TestData.IdList(joins).SequenceEqual(delta.Joins), $"{name}: joins {string.Join(",", delta.Joins)}");
        Assert.True(TestData.IdList(leaves).SequenceEqual(delta.Leaves), $"{name}: leaves {string.Join(",", delta.Leaves)}");
    }

    [Fact]
    public void Excluded_accounts_are_never_added_and_never_removed()
    {
        var excluded = new HashSet<string>(StringComparer.Ordinal) { Account(1), Account(2) };

        var delta = BatchChanges.ToDelta(
            [Change(1, ChangeKind.Join, 1), Change(2, ChangeKind.Leave, 1), Change(3, ChangeKind.Join, 1), Change(4, ChangeKind.Leave, 1)],
            excluded,
            removeOnLeave: true);

        Assert.Equal([Account(3)], delta.Joins);
        Assert.Equal([Account(4)], delta.Leaves);
    }

    [Fact]
    public void Leaves_are_dropped_unless_remove_on_leave()
    {
        var delta = BatchChanges.ToDelta([Change(1, ChangeKind.Join, 1), Change(2, ChangeKind.Leave, 1)], NoExclusions, removeOnLeave: false);

        Assert.Equal([Account(1)], delta.Joins);
        Assert.Empty(delta.Leaves);
    }

    [Fact]
    public void Delta_sets_are_ordinal_sorted_and_disjoint_even_for_uncollapsed_input()
    {
        var delta = BatchChanges.ToDelta(
            [Change(3, ChangeKind.Join, 1), Change(1, ChangeKind.Join, 1), Change(2, ChangeKind.Join, 1), Change(2, ChangeKind.Leave, 2)],
            NoExclusions,
            removeOnLeave: true);

        Assert.Equal([Account(1), Account(3)], delta.Joins);
        Assert.Equal([Account(2)], delta.Leaves);
    }

    [Fact]
    public void An_empty_batch_gives_an_empty_delta()
    {
        Assert.True(BatchChanges.ToDelta([], NoExclusions, removeOnLeave: true).IsEmpty);
        Assert.Empty(BatchChanges.Collapse([]));
    }
}
