using OrgSync.Core.Events;
using OrgSync.Core.Membership;
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
