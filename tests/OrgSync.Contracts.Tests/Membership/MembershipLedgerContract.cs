using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;

namespace OrgSync.Contracts.Tests.Membership;

/// <summary>
/// What every <see cref="IMembershipLedger"/> must do, run against each implementation by a
/// subclass that only says how to make one.
/// </summary>
public abstract class MembershipLedgerContract
{
    // Sub-millisecond ticks and a non-UTC offset: the ledger must keep the exact instant.
    protected static readonly DateTimeOffset T0 = new DateTimeOffset(2024, 5, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);

    private const string AccountA = "111111111111";
    private const string AccountB = "222222222222";

    private readonly Lazy<IMembershipLedger> _ledger;

    protected MembershipLedgerContract() => _ledger = new(CreateLedger);

    // Created on first use (thread-safe: the concurrent cases touch it first from many tasks).
    protected IMembershipLedger Ledger => _ledger.Value;

    protected abstract IMembershipLedger CreateLedger();

    protected static string NewScope() => "aggregator/us-east-1/" + Guid.NewGuid().ToString("N");

    protected static AccountChange Join(string account, DateTimeOffset time, string? eventId = null) =>
        new(account, ChangeKind.Join, time, eventId ?? Guid.NewGuid().ToString());

    protected static AccountChange Leave(string account, DateTimeOffset time, string? eventId = null) =>
        new(account, ChangeKind.Leave, time, eventId ?? Guid.NewGuid().ToString());

    protected Task RecordAsync(string scope, params AccountChange[] changes) =>
        Ledger.RecordAsync(scope, changes, CancellationToken.None);

    protected Task<ImmutableDictionary<string, AppliedChange>> ReadAsync(string scope, params string[] accounts) =>
        Ledger.ReadAsync(scope, accounts, CancellationToken.None);

    protected static AccountChange Blocked(AccountChange change) => change with { Blocked = true };

    protected static void AssertEntry(AppliedChange? actual, ChangeKind kind, DateTimeOffset time, bool blocked = false)
    {
        Assert.NotNull(actual);
        Assert.Equal(kind, actual.Kind);
        Assert.Equal(time.UtcTicks, actual.Time.UtcTicks);
        Assert.Equal(blocked, actual.Blocked);
    }

    [Fact]
    public async Task Reading_accounts_never_recorded_gives_nothing()
    {
        var entries = await ReadAsync(NewScope(), AccountA, AccountB);

        Assert.Empty(entries);
    }

    [Fact]
    public async Task Reading_no_accounts_gives_nothing()
    {
        var entries = await ReadAsync(NewScope());

        Assert.Empty(entries);
    }

    [Fact]
    public async Task Recording_nothing_is_allowed()
    {
        var scope = NewScope();

        await RecordAsync(scope);

        Assert.Empty(await ReadAsync(scope, AccountA));
    }

    [Fact]
    public async Task A_recorded_change_reads_back_exactly()
    {
        var scope = NewScope();

        await RecordAsync(scope, Join(AccountA, T0), Leave(AccountB, T0.AddSeconds(1)));
        var entries = await ReadAsync(scope, AccountA, AccountB, "333333333333");

        Assert.Equal(2, entries.Count);
        AssertEntry(entries[AccountA], ChangeKind.Join, T0);
        AssertEntry(entries[AccountB], ChangeKind.Leave, T0.AddSeconds(1));
    }

    [Fact]
    public async Task Reading_the_same_account_twice_gives_it_once()
    {
        var scope = NewScope();
        await RecordAsync(scope, Join(AccountA, T0));

        var entries = await ReadAsync(scope, AccountA, AccountA);

        AssertEntry(Assert.Single(entries).Value, ChangeKind.Join, T0);
    }

    [Fact]
    public async Task A_newer_change_replaces_the_entry()
    {
        var scope = NewScope();
        await RecordAsync(scope, Join(AccountA, T0));

        await RecordAsync(scope, Leave(AccountA, T0.AddTicks(1)));

        AssertEntry((await ReadAsync(scope, AccountA))[AccountA], ChangeKind.Leave, T0.AddTicks(1));
    }

    [Fact]
    public async Task An_older_change_is_ignored()
    {
        var scope = NewScope();
        await RecordAsync(scope, Leave(AccountA, T0));

        await RecordAsync(scope, Join(AccountA, T0.AddTicks(-1)));

        AssertEntry((await ReadAsync(scope, AccountA))[AccountA], ChangeKind.Leave, T0);
    }

    [Fact]
    public async Task On_equal_times_a_join_does_not_replace_a_leave()
    {
        var scope = NewScope();
        await RecordAsync(scope, Leave(AccountA, T0));

        await RecordAsync(scope, Join(AccountA, T0));

        AssertEntry((await ReadAsync(scope, AccountA))[AccountA], ChangeKind.Leave, T0);
    }

    [Fact]
    public async Task On_equal_times_a_leave_replaces_a_join()
    {
        var scope = NewScope();
        await RecordAsync(scope, Join(AccountA, T0));

        await RecordAsync(scope, Leave(AccountA, T0));

        AssertEntry((await ReadAsync(scope, AccountA))[AccountA], ChangeKind.Leave, T0);
    }

    [Fact]
    public async Task The_same_instant_in_another_offset_is_the_same_time()
    {
        var scope = NewScope();
        await RecordAsync(scope, Leave(AccountA, T0));

        await RecordAsync(scope, Join(AccountA, T0.ToOffset(TimeSpan.FromHours(-7))));

        AssertEntry((await ReadAsync(scope, AccountA))[AccountA], ChangeKind.Leave, T0);
    }

    [Fact]
    public async Task Within_one_record_the_newest_change_per_account_wins_in_any_order()
    {
        var scope = NewScope();

        await RecordAsync(
            scope,
            Join(AccountA, T0.AddSeconds(2)),
            Leave(AccountA, T0.AddSeconds(1)),
            Join(AccountB, T0),
            Leave(AccountB, T0),
            Join(AccountB, T0));
        var entries = await ReadAsync(scope, AccountA, AccountB);

        AssertEntry(entries[AccountA], ChangeKind.Join, T0.AddSeconds(2));
        AssertEntry(entries[AccountB], ChangeKind.Leave, T0);
    }

    [Fact]
    public async Task Recording_the_same_changes_again_changes_nothing()
    {
        var scope = NewScope();
        AccountChange[] batch = [Join(AccountA, T0, "event-1"), Leave(AccountB, T0, "event-2")];
        await RecordAsync(scope, batch);
        var first = await ReadAsync(scope, AccountA, AccountB);

        await RecordAsync(scope, batch);
        await RecordAsync(scope, batch.Reverse().ToArray());
        var again = await ReadAsync(scope, AccountA, AccountB);

        Assert.Equal(first.OrderBy(pair => pair.Key), again.OrderBy(pair => pair.Key));
    }

    [Fact]
    public async Task A_recorded_blocked_join_reads_back_blocked_and_an_unblocked_one_not()
    {
        var scope = NewScope();

        await RecordAsync(scope, Blocked(Join(AccountA, T0)), Join(AccountB, T0));
        var entries = await ReadAsync(scope, AccountA, AccountB);

        AssertEntry(entries[AccountA], ChangeKind.Join, T0, blocked: true);
        AssertEntry(entries[AccountB], ChangeKind.Join, T0, blocked: false);
    }

    [Fact]
    public async Task A_newer_unblocked_change_clears_the_flag()
    {
        var scope = NewScope();
        await RecordAsync(scope, Blocked(Join(AccountA, T0)), Blocked(Join(AccountB, T0)));

        await RecordAsync(scope, Join(AccountA, T0.AddTicks(1)), Leave(AccountB, T0));
        var entries = await ReadAsync(scope, AccountA, AccountB);

        AssertEntry(entries[AccountA], ChangeKind.Join, T0.AddTicks(1));
        AssertEntry(entries[AccountB], ChangeKind.Leave, T0);
    }

    [Fact]
    public async Task A_newer_blocked_join_sets_the_flag()
    {
        var scope = NewScope();
        await RecordAsync(scope, Join(AccountA, T0));

        await RecordAsync(scope, Blocked(Join(AccountA, T0.AddTicks(1))));

        AssertEntry((await ReadAsync(scope, AccountA))[AccountA], ChangeKind.Join, T0.AddTicks(1), blocked: true);
    }

    [Fact]
    public async Task Older_or_equal_changes_neither_clear_nor_set_the_flag()
    {
        var scope = NewScope();
        await RecordAsync(scope, Blocked(Join(AccountA, T0)), Join(AccountB, T0));

        // The older join of a blocked one applied once the prerequisite held; its twin recorded without the flag.
        await RecordAsync(scope, Join(AccountA, T0.AddDays(-1)), Join(AccountA, T0), Leave(AccountA, T0.AddTicks(-1)));
        await RecordAsync(scope, Blocked(Join(AccountB, T0.AddTicks(-1))), Blocked(Join(AccountB, T0)));
        var entries = await ReadAsync(scope, AccountA, AccountB);

        AssertEntry(entries[AccountA], ChangeKind.Join, T0, blocked: true);
        AssertEntry(entries[AccountB], ChangeKind.Join, T0, blocked: false);
    }

    [Fact]
    public async Task Within_one_record_the_flag_goes_with_the_newest_change()
    {
        var scope = NewScope();

        await RecordAsync(
            scope,
            Join(AccountA, T0),
            Blocked(Join(AccountA, T0.AddTicks(1))),
            Join(AccountB, T0.AddTicks(1)),
            Blocked(Join(AccountB, T0)));
        var entries = await ReadAsync(scope, AccountA, AccountB);

        AssertEntry(entries[AccountA], ChangeKind.Join, T0.AddTicks(1), blocked: true);
        AssertEntry(entries[AccountB], ChangeKind.Join, T0.AddTicks(1), blocked: false);
    }

    [Fact]
    public async Task Scopes_are_isolated()
    {
        var scopeA = NewScope();
        var scopeB = NewScope();

        await RecordAsync(scopeA, Join(AccountA, T0));
        await RecordAsync(scopeB, Leave(AccountA, T0.AddDays(-1)));

        AssertEntry((await ReadAsync(scopeA, AccountA))[AccountA], ChangeKind.Join, T0);
        AssertEntry((await ReadAsync(scopeB, AccountA))[AccountA], ChangeKind.Leave, T0.AddDays(-1));
        Assert.Empty(await ReadAsync(NewScope(), AccountA));
    }

    [Fact]
    public async Task A_scope_that_extends_another_does_not_see_its_entries()
    {
        var scope = NewScope();

        await RecordAsync(scope, Join(AccountA, T0));

        Assert.Empty(await ReadAsync(scope + "#account#" + AccountA, AccountA));
        Assert.Empty(await ReadAsync(scope[..^1], AccountA));
    }

    [Fact]
    public async Task Hundreds_of_accounts_are_read_and_recorded_in_one_call()
    {
        var scope = NewScope();
        var accounts = Enumerable.Range(0, 250).Select(i => (100_000_000_000L + i).ToString("D12")).ToArray();
        var changes = accounts.Select((account, i) => i % 3 == 0 ? Leave(account, T0.AddMinutes(i)) : Join(account, T0.AddMinutes(i))).ToArray();

        await Ledger.RecordAsync(scope, changes, CancellationToken.None);
        var entries = await Ledger.ReadAsync(scope, [.. accounts, "999999999999"], CancellationToken.None);

        Assert.Equal(accounts.Length, entries.Count);
        foreach (var change in changes)
        {
            AssertEntry(entries[change.AccountId], change.Kind, change.Time);
        }
    }

    [Fact]
    public async Task Concurrent_recorders_converge_on_the_newest_change_per_account()
    {
        var scope = NewScope();
        var random = new Random(20240501);
        var accounts = Enumerable.Range(0, 12).Select(i => (700_000_000_000L + i).ToString("D12")).ToArray();

        // Few distinct times, so that ties between a join and a leave are common.
        var changes = accounts
            .SelectMany(account => Enumerable.Range(0, 5).Select(_ =>
                random.Next(2) == 0 ? Join(account, T0.AddSeconds(random.Next(3))) : Leave(account, T0.AddSeconds(random.Next(3)))))
            .ToArray();
        var expected = changes
            .GroupBy(change => change.AccountId)
            .ToDictionary(group => group.Key, group => group.Aggregate((best, next) => ChangeOrder.Compare(next, best) > 0 ? next : best));
        var plans = Enumerable.Range(0, 8)
            .Select(_ => changes.OrderBy(_ => random.Next()).Chunk(random.Next(1, 6)).ToArray())
            .ToArray();

        await Task.WhenAll(plans.Select(plan => Task.Run(async () =>
        {
            foreach (var chunk in plan)
            {
                await Ledger.RecordAsync(scope, chunk, CancellationToken.None);
            }
        })));
        var entries = await Ledger.ReadAsync(scope, accounts, CancellationToken.None);

        Assert.Equal(accounts.Length, entries.Count);
        foreach (var (account, newest) in expected)
        {
            AssertEntry(entries[account], newest.Kind, newest.Time);
        }
    }

    /// <summary>How many generated histories the property runs (a remote store may want fewer).</summary>
    protected virtual int PropertyRuns => 100;

    [Fact]
    public async Task Whatever_the_order_and_grouping_of_records_each_entry_is_the_newest_change()
    {
        // Three accounts, four instants, both kinds: duplicates and join/leave ties are frequent.
        var change =
            from account in Gen.Choose(0, 2)
            from leave in Gen.Elements(false, true)
            from second in Gen.Choose(0, 3)
            select (Account: (900_000_000_000L + account).ToString("D12"), Kind: leave ? ChangeKind.Leave : ChangeKind.Join, Time: T0.AddSeconds(second));
        var history =
            from changes in change.NonEmptyListOf()
            from chunkSize in Gen.Choose(1, 4)
            select changes.Select(c => new AccountChange(c.Account, c.Kind, c.Time, "e")).Chunk(chunkSize).ToArray();

        var property = Prop.ForAll(Arb.From(history), chunks =>
        {
            var scope = NewScope();
            foreach (var chunk in chunks)
            {
                Ledger.RecordAsync(scope, chunk, CancellationToken.None).GetAwaiter().GetResult();
            }

            var all = chunks.SelectMany(chunk => chunk).ToList();
            var entries = Ledger.ReadAsync(scope, all.Select(c => c.AccountId).Distinct().ToArray(), CancellationToken.None).GetAwaiter().GetResult();
            return all.GroupBy(c => c.AccountId).All(group =>
            {
                var newest = group.Aggregate((best, next) => ChangeOrder.Compare(next, best) > 0 ? next : best);
                return entries.TryGetValue(group.Key, out var entry)
                    && entry.Kind == newest.Kind
                    && entry.Time.UtcTicks == newest.Time.UtcTicks;
            });
        });

        // Off the test's synchronisation context, so that blocking on the ledger inside the property cannot deadlock.
        await Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(PropertyRuns), property));
    }

    [Fact]
    public async Task A_cancelled_call_does_nothing()
    {
        var scope = NewScope();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ledger.RecordAsync(scope, [Join(AccountA, T0)], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ledger.ReadAsync(scope, [AccountA], cancelled.Token));

        Assert.Empty(await ReadAsync(scope, AccountA));
    }
}
