using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Reconcile;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Reconcile;

/// <summary>
/// Config's weekly aggregator quota (SPEC §6): what fits is kept; over it, removals go first, then the
/// longest-standing members' joins, and the newest joins are deferred (reported newest first).
/// </summary>
public class WeeklyBudgetTests
{
    // When each account joined the organization (minutes); 9 and 8 have no known time.
    private static readonly Dictionary<string, DateTimeOffset> JoinedAt = new(StringComparer.Ordinal)
    {
        [Account(1)] = Time(300),
        [Account(2)] = Time(100),
        [Account(3)] = Time(200),
        [Account(4)] = Time(100),
        [Account(5)] = Time(50),
        [Account(6)] = Time(400),
    };

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(995, 1000)] // exactly what is left
    [InlineData(0, 5)]
    public void Within_the_budget_every_change_is_kept_as_given(long used, int budget)
    {
        var changes = Changes(Join(1), Leave(2), Join(3), Leave(4), Join(9));

        var (kept, deferred) = WeeklyBudget.Apply(changes, used, budget, JoinedAtOf);

        Assert.Equal(changes.AsEnumerable(), kept.AsEnumerable());
        Assert.Empty(deferred);
    }

    [Fact]
    public void No_changes_need_no_budget()
    {
        var (kept, deferred) = WeeklyBudget.Apply([], used: 5000, budget: 1000, JoinedAtOf);

        Assert.Empty(kept);
        Assert.Empty(deferred);
    }

    [Fact]
    public void Over_the_budget_removals_go_first()
    {
        var (kept, deferred) = WeeklyBudget.Apply(Changes(Join(5), Leave(6), Join(2), Leave(1)), used: 998, budget: 1000, JoinedAtOf);

        Assert.All(kept, change => Assert.Equal(ChangeKind.Leave, change.Kind));
        Assert.Equal(Ids(1, 6), kept.Select(c => c.AccountId).Order(StringComparer.Ordinal));
        Assert.Equal(Ids(2, 5), deferred.AsEnumerable());
    }

    [Fact]
    public void Over_the_budget_joins_go_by_earliest_organization_join_then_account_id_and_unknown_times_last()
    {
        // Order by JoinedAt: 5 (50), 2 and 4 (100, tie by id), 3 (200), 1 (300), 6 (400), then 8 and 9 (unknown, by id).
        var changes = Changes(Join(9), Join(1), Join(8), Join(6), Join(4), Join(3), Join(2), Join(5));

        // Over the budget: at most one fewer than the changes is left (with enough, they are kept as given).
        for (var left = 0; left < changes.Length; left++)
        {
            var (kept, deferred) = WeeklyBudget.Apply(changes, used: 0, budget: left, JoinedAtOf);

            int[] order = [5, 2, 4, 3, 1, 6, 8, 9];
            Assert.Equal(Ids(order[..left]), kept.Select(c => c.AccountId));
            Assert.Equal(Ids([.. order[left..].Reverse()]), deferred.AsEnumerable());
        }
    }

    [Fact]
    public void Deferred_lists_the_newest_joins_first()
    {
        var (kept, deferred) = WeeklyBudget.Apply(Changes(Join(5), Join(1), Join(3), Join(9), Leave(2)), used: 10, budget: 12, JoinedAtOf);

        Assert.Equal([Leave(2), Join(5)], kept.AsEnumerable());
        Assert.Equal(Ids(9, 1, 3), deferred.AsEnumerable());
    }

    [Fact]
    public void Kept_changes_are_the_given_changes_unchanged()
    {
        var changes = Changes(Join(5), Join(1), Leave(2));

        var (kept, _) = WeeklyBudget.Apply(changes, used: 0, budget: 2, JoinedAtOf);

        Assert.All(kept, change => Assert.Contains(change, changes));
        Assert.All(kept, change => Assert.Same(changes.Single(c => c.AccountId == change.AccountId), change));
    }

    [Theory]
    [InlineData(1000, 1000)]
    [InlineData(1500, 1000)] // already over (events are never deferred): nothing left, not a negative allowance
    [InlineData(0, 0)]
    [InlineData(0, -5)]
    [InlineData(long.MaxValue, 1000)]
    public void Used_up_budget_defers_everything(long used, int budget)
    {
        var changes = Changes(Join(1), Leave(2), Join(9));

        var (kept, deferred) = WeeklyBudget.Apply(changes, used, budget, JoinedAtOf);

        Assert.Empty(kept);
        Assert.Equal(Ids(9, 1, 2), deferred.AsEnumerable());
    }

    [Fact]
    public void Kept_and_deferred_together_are_every_change_once()
    {
        var changes = Changes(Join(1), Leave(2), Join(3), Leave(4), Join(5), Join(8), Leave(9));

        for (var budget = -1; budget <= changes.Length + 1; budget++)
        {
            var (kept, deferred) = WeeklyBudget.Apply(changes, used: 0, budget, JoinedAtOf);

            Assert.Equal(Math.Clamp(budget, 0, changes.Length), kept.Length);
            Assert.Equal(
                changes.Select(c => c.AccountId).Order(StringComparer.Ordinal),
                kept.Select(c => c.AccountId).Concat(deferred).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void The_window_is_seven_days()
    {
        Assert.Equal(TimeSpan.FromDays(7), WeeklyBudget.Window);
    }

    private static DateTimeOffset? JoinedAtOf(string account) => JoinedAt.TryGetValue(account, out var at) ? at : null;

    private static ImmutableArray<AccountChange> Changes(params AccountChange[] changes) => [.. changes];

    private static AccountChange Join(int account) => new(Account(account), ChangeKind.Join, Time(1000), "reconcile-1");

    private static AccountChange Leave(int account) => new(Account(account), ChangeKind.Leave, Time(1000), "reconcile-1");
}
