using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;

namespace OrgSync.Core.Tests.Membership;

/// <summary>
/// "Newest wins; on ties leave beats move beats join" must be a total order, or the outcome would depend
/// on delivery order. Times are drawn from a few minutes, in several offsets, so ties are frequent and
/// the same instant is written in different ways.
/// </summary>
public sealed class ChangeOrderPropertyTests
{
    private static readonly DateTimeOffset Base = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(1000);

    internal static Gen<AccountChange> Changes(int accounts = 3, int minutes = 4) =>
        from account in Gen.Choose(1, accounts)
        from kind in Gen.Elements(ChangeKind.Join, ChangeKind.Leave, ChangeKind.Move)
        from minute in Gen.Choose(0, minutes)
        from offsetHours in Gen.Elements(0, 2, -5)
        from eventId in Gen.Elements("e1", "e2", "e3")
        select new AccountChange(
            new string((char)('0' + account), 12),
            kind,
            Base.AddMinutes(minute).ToOffset(TimeSpan.FromHours(offsetHours)),
            eventId);

    [Fact]
    public void Compare_is_antisymmetric()
    {
        Check.One(Quick, Prop.ForAll(Gen.Two(Changes()).ToArbitrary(), pair =>
            Math.Sign(ChangeOrder.Compare(pair.Item1, pair.Item2)) == -Math.Sign(ChangeOrder.Compare(pair.Item2, pair.Item1))));
    }

    [Fact]
    public void Compare_is_transitive()
    {
        Check.One(Quick, Prop.ForAll(Gen.Three(Changes()).ToArbitrary(), triple =>
        {
            var (a, b, c) = triple;
            return !(ChangeOrder.Compare(a, b) <= 0 && ChangeOrder.Compare(b, c) <= 0) || ChangeOrder.Compare(a, c) <= 0;
        }));
    }

    [Fact]
    public void Equal_exactly_when_same_kind_at_the_same_instant()
    {
        Check.One(Quick, Prop.ForAll(Gen.Two(Changes()).ToArbitrary(), pair =>
        {
            var (a, b) = pair;
            var same = a.Kind == b.Kind && a.Time.UtcTicks == b.Time.UtcTicks;
            return (ChangeOrder.Compare(a, b) == 0) == same;
        }));
    }

    [Fact]
    public void Newest_wins_and_on_ties_leave_beats_move_beats_join()
    {
        ChangeKind[] ranked = [ChangeKind.Join, ChangeKind.Move, ChangeKind.Leave];
        Check.One(Quick, Prop.ForAll(Gen.Two(Changes()).ToArbitrary(), pair =>
        {
            var (a, b) = pair;
            var expected = a.Time.UtcTicks != b.Time.UtcTicks
                ? a.Time.UtcTicks > b.Time.UtcTicks
                : Array.IndexOf(ranked, a.Kind) > Array.IndexOf(ranked, b.Kind);
            return (ChangeOrder.Compare(a, b) > 0) == expected;
        }));
    }

    [Theory]
    [InlineData(ChangeKind.Move, ChangeKind.Join, 1)]
    [InlineData(ChangeKind.Leave, ChangeKind.Move, 1)]
    [InlineData(ChangeKind.Leave, ChangeKind.Join, 1)]
    [InlineData(ChangeKind.Join, ChangeKind.Move, -1)]
    [InlineData(ChangeKind.Move, ChangeKind.Leave, -1)]
    [InlineData(ChangeKind.Move, ChangeKind.Move, 0)]
    public void On_equal_times_the_kind_decides(ChangeKind a, ChangeKind b, int expected)
    {
        Assert.Equal(expected, Math.Sign(ChangeOrder.Compare(a, Base, b, Base.ToOffset(TimeSpan.FromHours(2)))));
    }

    [Fact]
    public void An_older_move_loses_to_any_newer_change()
    {
        Assert.True(ChangeOrder.Compare(ChangeKind.Join, Base.AddTicks(1), ChangeKind.Move, Base) > 0);
        Assert.True(ChangeOrder.Compare(ChangeKind.Move, Base.AddTicks(1), ChangeKind.Leave, Base) > 0);
    }

    [Fact]
    public void Supersedes_is_strictly_greater()
    {
        Check.One(Quick, Prop.ForAll(Gen.Two(Changes()).ToArbitrary(), pair =>
        {
            var (candidate, current) = pair;
            return ChangeOrder.Supersedes(candidate, new AppliedChange(current.Kind, current.Time)) == (ChangeOrder.Compare(candidate, current) > 0)
                && ChangeOrder.Supersedes(candidate, null);
        }));
    }

    [Fact]
    public void Sorting_any_permutation_gives_the_same_order()
    {
        var lists = from list in Gen.ListOf(Changes())
                    from shuffled in Gen.Shuffle(list.ToArray())
                    select (list, shuffled);
        Check.One(Quick, Prop.ForAll(lists.ToArbitrary(), pair =>
        {
            var comparer = Comparer<AccountChange>.Create(ChangeOrder.Compare);
            var a = pair.list.Order(comparer).Select(c => (c.Kind, c.Time.UtcTicks));
            var b = pair.shuffled.Order(comparer).Select(c => (c.Kind, c.Time.UtcTicks));
            return a.SequenceEqual(b);
        }));
    }
}
