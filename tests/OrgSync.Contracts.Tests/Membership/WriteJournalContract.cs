using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Membership;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.Membership;

/// <summary>
/// What every <see cref="IWriteJournal"/> must do, on a clock the test moves, run against each
/// implementation by a subclass that only says how to make one.
/// </summary>
public abstract class WriteJournalContract
{
    private readonly Lazy<IWriteJournal> _journal;

    protected WriteJournalContract() => _journal = new(() => CreateJournal(Clock));

    protected ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    // Created on first use (thread-safe: the concurrent cases touch it first from many tasks).
    protected IWriteJournal Journal => _journal.Value;

    /// <summary>How many generated histories the property runs (a remote store may want fewer).</summary>
    protected virtual int PropertyRuns => 100;

    // A day ago, with sub-millisecond ticks and a non-UTC offset: stores must keep the exact instant.
    private DateTimeOffset T0 => Clock.GetUtcNow().AddDays(-1).AddTicks(1_234_567).ToOffset(TimeSpan.FromHours(2));

    protected abstract IWriteJournal CreateJournal(TimeProvider time);

    protected static string NewScope() => "aggregator/us-east-1/" + Guid.NewGuid().ToString("N");

    private Task RecordAsync(string scope, string writeId, DateTimeOffset at, int accounts) =>
        Journal.RecordWriteAsync(scope, writeId, at, accounts, CancellationToken.None);

    private Task<long> CountAsync(string scope, DateTimeOffset since) => Journal.CountSinceAsync(scope, since, CancellationToken.None);

    [Fact]
    public async Task A_scope_with_no_records_counts_nothing()
    {
        Assert.Equal(0, await CountAsync(NewScope(), DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task The_count_is_the_sum_of_the_accounts_changed_by_the_records_since()
    {
        var scope = NewScope();

        await RecordAsync(scope, "w1", T0, 3);
        await RecordAsync(scope, "w2", T0.AddHours(1), 5);
        await RecordAsync(scope, "w3", T0.AddHours(2), 0);
        await RecordAsync(scope, "w4", T0.AddHours(3), 7);

        Assert.Equal(15, await CountAsync(scope, T0.AddDays(-1)));
        Assert.Equal(12, await CountAsync(scope, T0.AddMinutes(1)));
        Assert.Equal(7, await CountAsync(scope, T0.AddHours(2).AddTicks(1)));
        Assert.Equal(0, await CountAsync(scope, T0.AddHours(3).AddTicks(1)));
    }

    [Fact]
    public async Task Since_is_inclusive_to_the_tick_in_any_offset()
    {
        var scope = NewScope();

        await RecordAsync(scope, "w1", T0, 4);

        Assert.Equal(4, await CountAsync(scope, T0));
        Assert.Equal(4, await CountAsync(scope, T0.ToOffset(TimeSpan.FromHours(-7))));
        Assert.Equal(4, await CountAsync(scope, T0.AddTicks(-1)));
        Assert.Equal(0, await CountAsync(scope, T0.AddTicks(1)));
    }

    [Fact]
    public async Task Recording_a_write_again_never_counts_it_twice()
    {
        var scope = NewScope();

        await RecordAsync(scope, "w1", T0, 3);
        await RecordAsync(scope, "w1", T0, 3);
        Clock.Advance(TimeSpan.FromHours(1));
        await RecordAsync(scope, "w1", T0, 3);

        Assert.Equal(3, await CountAsync(scope, T0.AddDays(-1)));
    }

    [Fact]
    public async Task The_first_record_of_a_write_id_wins_even_over_a_retry_with_another_time_and_count()
    {
        var scope = NewScope();

        await RecordAsync(scope, "w1", T0, 3);
        await RecordAsync(scope, "w1", T0.AddHours(5), 9);

        Assert.Equal(3, await CountAsync(scope, T0.AddDays(-1)));
        Assert.Equal(0, await CountAsync(scope, T0.AddTicks(1)));
    }

    [Fact]
    public async Task Different_writes_at_the_same_instant_all_count()
    {
        var scope = NewScope();

        await RecordAsync(scope, "w1", T0, 2);
        await RecordAsync(scope, "w2", T0, 3);

        Assert.Equal(5, await CountAsync(scope, T0));
    }

    [Fact]
    public async Task Scopes_are_isolated_even_when_one_extends_another()
    {
        var scope = NewScope();
        var other = NewScope();

        await RecordAsync(scope, "w1", T0, 2);
        await RecordAsync(other, "w1", T0, 3);
        await RecordAsync(scope + "#at#", "w9", T0, 100);

        Assert.Equal(2, await CountAsync(scope, T0.AddDays(-1)));
        Assert.Equal(3, await CountAsync(other, T0.AddDays(-1)));
        Assert.Equal(0, await CountAsync(scope[..^1], T0.AddDays(-1)));
    }

    [Fact]
    public async Task The_last_seven_days_count_and_records_older_than_the_retention_are_ignored()
    {
        var scope = NewScope();
        var now = Clock.GetUtcNow();

        await RecordAsync(scope, "too-old", now - IWriteJournal.Retention - TimeSpan.FromTicks(1), 100);
        await RecordAsync(scope, "eight-days", now - TimeSpan.FromDays(8) + TimeSpan.FromMinutes(1), 20);
        await RecordAsync(scope, "seven-days", now - TimeSpan.FromDays(7), 3);
        await RecordAsync(scope, "today", now, 4);

        Assert.Equal(7, await CountAsync(scope, now - TimeSpan.FromDays(7)));
        Assert.Equal(27, await CountAsync(scope, now - TimeSpan.FromDays(30)));
    }

    [Fact]
    public async Task Records_made_long_ago_stop_counting_as_the_window_moves()
    {
        var scope = NewScope();
        await RecordAsync(scope, "w1", Clock.GetUtcNow(), 5);

        Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromTicks(1));
        await RecordAsync(scope, "w2", Clock.GetUtcNow(), 1);

        Assert.Equal(1, await CountAsync(scope, Clock.GetUtcNow() - TimeSpan.FromDays(7)));
    }

    [Fact]
    public async Task Concurrent_recorders_of_the_same_writes_count_each_once()
    {
        var scope = NewScope();
        var writes = Enumerable.Range(0, 10).Select(i => (Id: $"w{i}", At: T0.AddMinutes(i), Accounts: i + 1)).ToArray();
        var random = new Random(20300101);
        var plans = Enumerable.Range(0, 8).Select(_ => writes.OrderBy(_ => random.Next()).ToArray()).ToArray();

        await Task.WhenAll(plans.Select(plan => Task.Run(async () =>
        {
            foreach (var write in plan)
            {
                await RecordAsync(scope, write.Id, write.At, write.Accounts);
            }
        })));

        Assert.Equal(writes.Sum(write => write.Accounts), await CountAsync(scope, T0));
    }

    [Fact]
    public async Task Whatever_the_order_and_repetition_of_records_the_count_is_the_sum_of_each_writes_first_record_since()
    {
        // Four write ids, four instants, small counts: repeated ids with other times and counts are frequent.
        var record =
            from id in Gen.Choose(0, 3)
            from minute in Gen.Choose(0, 3)
            from accounts in Gen.Choose(0, 5)
            select (Id: $"w{id}", Minute: minute, Accounts: accounts);
        var history =
            from records in record.NonEmptyListOf()
            from sinceMinute in Gen.Choose(-1, 4)
            select (Records: records.ToArray(), SinceMinute: sinceMinute);

        var property = Prop.ForAll(Arb.From(history), sample =>
        {
            var scope = NewScope();
            foreach (var (id, minute, accounts) in sample.Records)
            {
                RecordAsync(scope, id, T0.AddMinutes(minute), accounts).GetAwaiter().GetResult();
            }

            var expected = sample.Records
                .GroupBy(r => r.Id)
                .Select(group => group.First())
                .Where(first => first.Minute >= sample.SinceMinute)
                .Sum(first => (long)first.Accounts);
            return CountAsync(scope, T0.AddMinutes(sample.SinceMinute)).GetAwaiter().GetResult() == expected;
        });

        // Off the test's synchronisation context, so that blocking on the store inside the property cannot deadlock.
        await Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(PropertyRuns), property));
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_and_record_nothing()
    {
        var scope = NewScope();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => RecordAsync(scope, "", T0, 1));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => RecordAsync(scope, "w1", T0, -1));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => RecordAsync("", "w1", T0, 1));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => CountAsync("", T0));

        Assert.Equal(0, await CountAsync(scope, T0.AddDays(-1)));
    }

    [Fact]
    public async Task A_cancelled_call_does_nothing()
    {
        var scope = NewScope();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Journal.RecordWriteAsync(scope, "w1", T0, 1, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Journal.CountSinceAsync(scope, T0, cancelled.Token));

        Assert.Equal(0, await CountAsync(scope, T0.AddDays(-1)));
    }
}
