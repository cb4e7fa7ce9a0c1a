using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;

namespace OrgSync.Core.Tests.Membership;

/// <summary>
/// The ledger's records only move forward, so recording the same changes in any order, in any
/// grouping, any number of times, leaves the same entries: the newest change per account.
/// </summary>
public sealed class MembershipLedgerPropertyTests
{
    private const string Scope = "aggregator/us-east-1/org-aggregator";

    private static readonly string[] Accounts = ["111111111111", "222222222222", "333333333333"];

    [Fact]
    public void Any_permutation_and_grouping_leaves_the_same_entries()
    {
        var cases =
            from changes in Gen.ListOf(ChangeOrderPropertyTests.Changes())
            from shuffled in Gen.Shuffle(changes.ToArray())
            from cuts in Gen.ListOf(Gen.Choose(0, 10))
            select (changes, shuffled, cuts);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var inOrder = Entries(Record([[.. c.changes]]));
            var permuted = Entries(Record(Chunk(c.shuffled, c.cuts)));
            var twice = Entries(Record([.. Chunk(c.shuffled, c.cuts), [.. c.changes]]));
            var expected = Newest(c.changes);
            return inOrder == expected && permuted == expected && twice == expected;
        }));
    }

    [Fact]
    public void An_older_or_equal_change_never_replaces_a_newer_one()
    {
        var time = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
        var ledger = Record(
        [
            [new AccountChange(Accounts[0], ChangeKind.Leave, time, "leave")],
            [new AccountChange(Accounts[0], ChangeKind.Join, time, "join at the same time")],
            [new AccountChange(Accounts[0], ChangeKind.Join, time.AddMinutes(-1), "older join")],
        ]);

        Assert.Equal($"{Accounts[0]}=Leave@{time.UtcTicks}", Entries(ledger));
    }

    private static InMemoryMembershipLedger Record(IEnumerable<AccountChange[]> batches)
    {
        var ledger = new InMemoryMembershipLedger();
        foreach (var batch in batches)
        {
            // The in-memory ledger completes synchronously.
            var task = ledger.RecordAsync(Scope, batch, CancellationToken.None);
            Assert.True(task.IsCompletedSuccessfully);
        }

        return ledger;
    }

    private static string Entries(InMemoryMembershipLedger ledger)
    {
        var read = ledger.ReadAsync(Scope, Accounts, CancellationToken.None);
        Assert.True(read.IsCompletedSuccessfully);
        return Render(read.Result.Select(e => (e.Key, e.Value.Kind, e.Value.Time.UtcTicks)));
    }

    private static string Newest(IEnumerable<AccountChange> changes) =>
        Render(changes
            .GroupBy(c => c.AccountId)
            .Select(g => g.Aggregate((best, next) => ChangeOrder.Compare(next, best) > 0 ? next : best))
            .Select(c => (c.AccountId, c.Kind, c.Time.UtcTicks)));

    private static string Render(IEnumerable<(string Account, ChangeKind Kind, long Ticks)> entries) =>
        string.Join(", ", entries.OrderBy(e => e.Account, StringComparer.Ordinal).Select(e => $"{e.Account}={e.Kind}@{e.Ticks}"));

    /// <summary>Splits the changes into consecutive batches at the given sizes (the rest in a last batch).</summary>
    private static List<AccountChange[]> Chunk(AccountChange[] changes, IEnumerable<int> sizes)
    {
        var batches = new List<AccountChange[]>();
        var at = 0;
        foreach (var size in sizes)
        {
            var take = Math.Min(size, changes.Length - at);
            batches.Add([.. changes.Skip(at).Take(take)]);
            at += take;
        }

        batches.Add([.. changes.Skip(at)]);
        return batches;
    }
}
