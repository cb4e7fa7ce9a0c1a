using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;

namespace OrgSync.Core.Tests.Membership;

/// <summary>
/// <see cref="ChangeOrder.IsFresh"/>: what still has to be applied against the ledger's entry. The order alone,
/// except that a join is fresh against a blocked join however old (the blocked join did not put the account where a
/// join wants it); leaves and moves keep the order, so an older leave stays stale against a blocked join.
/// </summary>
public sealed class ChangeFreshnessTests
{
    private const string Account = "444444444444";
    private static readonly DateTimeOffset T = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public enum Recorded
    {
        Nothing,
        Join,
        BlockedJoin,
        Leave,
        BlockedLeave,
    }

    public static TheoryData<ChangeKind, int, Recorded, bool> Cases => new()
    {
        // Nothing recorded: everything is fresh.
        { ChangeKind.Join, 0, Recorded.Nothing, true },
        { ChangeKind.Leave, 0, Recorded.Nothing, true },
        { ChangeKind.Move, 0, Recorded.Nothing, true },

        // An applied join: the order alone.
        { ChangeKind.Join, -1, Recorded.Join, false },
        { ChangeKind.Join, 0, Recorded.Join, false },
        { ChangeKind.Join, 1, Recorded.Join, true },
        { ChangeKind.Leave, -1, Recorded.Join, false },
        { ChangeKind.Leave, 0, Recorded.Join, true },
        { ChangeKind.Move, -1, Recorded.Join, false },

        // A blocked join (recorded one tick before its time): any join is fresh, older, equal or newer ...
        { ChangeKind.Join, -60, Recorded.BlockedJoin, true },
        { ChangeKind.Join, -1, Recorded.BlockedJoin, true },
        { ChangeKind.Join, 0, Recorded.BlockedJoin, true },
        { ChangeKind.Join, 1, Recorded.BlockedJoin, true },

        // ... while leaves and moves keep the order: an older leave stays stale.
        { ChangeKind.Leave, -60, Recorded.BlockedJoin, false },
        { ChangeKind.Leave, -1, Recorded.BlockedJoin, false },
        { ChangeKind.Leave, 0, Recorded.BlockedJoin, true },
        { ChangeKind.Leave, 1, Recorded.BlockedJoin, true },
        { ChangeKind.Move, -1, Recorded.BlockedJoin, false },
        { ChangeKind.Move, 1, Recorded.BlockedJoin, true },

        // A leave, blocked or not: the order alone.
        { ChangeKind.Join, -1, Recorded.Leave, false },
        { ChangeKind.Join, 0, Recorded.Leave, false },
        { ChangeKind.Join, 1, Recorded.Leave, true },
        { ChangeKind.Leave, 0, Recorded.Leave, false },
        { ChangeKind.Join, -1, Recorded.BlockedLeave, false },
        { ChangeKind.Join, 1, Recorded.BlockedLeave, true },
        { ChangeKind.Leave, -1, Recorded.BlockedLeave, false },
    };

    /// <param name="ticks">The change's time relative to the recorded entry's, in ticks.</param>
    [Theory]
    [MemberData(nameof(Cases))]
    public void A_change_is_fresh_when_it_supersedes_the_entry_or_is_a_join_against_a_blocked_join(ChangeKind kind, int ticks, Recorded recorded, bool fresh)
    {
        var entry = recorded switch
        {
            Recorded.Nothing => null,
            Recorded.Join => new AppliedChange(ChangeKind.Join, T),
            Recorded.BlockedJoin => new AppliedChange(ChangeKind.Join, T, Blocked: true),
            Recorded.Leave => new AppliedChange(ChangeKind.Leave, T),
            Recorded.BlockedLeave => new AppliedChange(ChangeKind.Leave, T, Blocked: true),
            _ => throw new ArgumentOutOfRangeException(nameof(recorded)),
        };

        Assert.Equal(fresh, ChangeOrder.IsFresh(new AccountChange(Account, kind, T.AddTicks(ticks), "e"), entry));
    }

    [Fact]
    public void Without_a_block_fresh_is_exactly_supersedes()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Gen.Two(ChangeOrderPropertyTests.Changes()).ToArbitrary(), pair =>
        {
            var (change, current) = pair;
            var entry = new AppliedChange(current.Kind, current.Time);
            return ChangeOrder.IsFresh(change, entry) == ChangeOrder.Supersedes(change, entry) && ChangeOrder.IsFresh(change, null);
        }));
    }

    [Fact]
    public void The_flag_on_the_change_itself_plays_no_part()
    {
        var entry = new AppliedChange(ChangeKind.Join, T);
        var older = new AccountChange(Account, ChangeKind.Join, T.AddTicks(-1), "e");

        Assert.False(ChangeOrder.IsFresh(older with { Blocked = true }, entry));
        Assert.Equal(0, ChangeOrder.Compare(older with { Blocked = true }, older));
    }
}
