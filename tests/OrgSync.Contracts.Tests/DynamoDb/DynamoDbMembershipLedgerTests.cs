using Amazon.DynamoDBv2.Model;
using OrgSync.Contracts.Tests.Support;
using OrgSync.Core.Applying;
using OrgSync.Core.Events;
using OrgSync.DynamoDb.Membership;
using OrgSync.DynamoDb.Table;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.DynamoDb;

/// <summary>What the DynamoDB ledger stores, and how it copes with what dynalite never does.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbMembershipLedgerTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private static readonly DateTimeOffset ChangeTime = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private string _table = string.Empty;

    public async Task InitializeAsync() => _table = await dynalite.TableAsync(nameof(DynamoDbMembershipLedgerTests));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_entry_is_one_item_with_kind_exact_time_rank_event_id_and_a_ttl_of_400_days()
    {
        var scope = NewScope();
        var ledger = new DynamoDbMembershipLedger(dynalite.Client, new DynamoDbStorageOptions(_table), _clock);

        await ledger.RecordAsync(scope, [new AccountChange("123456789012", ChangeKind.Leave, ChangeTime, "event-7")], CancellationToken.None);
        var item = await dynalite.ItemAsync(_table, "ledger#" + scope, "account#123456789012");

        Assert.Equal("leave", item["kind"].S);
        Assert.Equal(ChangeTime.UtcTicks.ToString(), item["changeTicks"].N);
        Assert.Equal("2024-05-01T12:00:00.1234567Z", item["changeTime"].S);
        Assert.Equal("1", item["rank"].N);
        Assert.Equal("event-7", item["eventId"].S);
        Assert.Equal("2030-01-01T00:00:00.0000000Z", item["recordedAt"].S);
        Assert.Equal((_clock.GetUtcNow() + TimeSpan.FromDays(400)).ToUnixTimeSeconds().ToString(), item["expiresAt"].N);
    }

    [Fact]
    public async Task The_retention_is_configurable_but_never_shorter_than_a_redelivery_can_take()
    {
        var scope = NewScope();
        var options = new DynamoDbStorageOptions(_table) { LedgerRetention = TimeSpan.FromDays(30) };
        var ledger = new DynamoDbMembershipLedger(dynalite.Client, options, _clock);

        await ledger.RecordAsync(scope, [new AccountChange("123456789012", ChangeKind.Join, ChangeTime, "event-8")], CancellationToken.None);
        var item = await dynalite.ItemAsync(_table, "ledger#" + scope, "account#123456789012");

        Assert.Equal("0", item["rank"].N);
        Assert.Equal((_clock.GetUtcNow() + TimeSpan.FromDays(30)).ToUnixTimeSeconds().ToString(), item["expiresAt"].N);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DynamoDbStorageOptions(_table) { LedgerRetention = TimeSpan.FromDays(14) });
    }

    [Fact]
    public async Task A_blocked_join_carries_blocked_true_and_the_put_of_a_newer_unblocked_change_removes_it()
    {
        var scope = NewScope();
        var ledger = new DynamoDbMembershipLedger(dynalite.Client, new DynamoDbStorageOptions(_table), _clock);

        await ledger.RecordAsync(scope, [new AccountChange("123456789012", ChangeKind.Join, ChangeTime, "blocked") { Blocked = true }], CancellationToken.None);
        var blocked = await dynalite.ItemAsync(_table, "ledger#" + scope, "account#123456789012");
        await ledger.RecordAsync(scope, [new AccountChange("123456789012", ChangeKind.Join, ChangeTime.AddTicks(1), "redelivered")], CancellationToken.None);
        var cleared = await dynalite.ItemAsync(_table, "ledger#" + scope, "account#123456789012");

        Assert.True(blocked["blocked"].BOOL);
        Assert.False(cleared.ContainsKey("blocked"));
        Assert.Equal("redelivered", cleared["eventId"].S);
    }

    [Fact]
    public async Task An_unblocked_entry_has_no_blocked_attribute()
    {
        var scope = NewScope();
        var ledger = new DynamoDbMembershipLedger(dynalite.Client, new DynamoDbStorageOptions(_table), _clock);

        await ledger.RecordAsync(scope, [new AccountChange("123456789012", ChangeKind.Join, ChangeTime, "e")], CancellationToken.None);

        Assert.False((await dynalite.ItemAsync(_table, "ledger#" + scope, "account#123456789012")).ContainsKey("blocked"));
    }

    [Fact]
    public async Task A_change_that_does_not_move_the_entry_forward_leaves_the_item_untouched()
    {
        var scope = NewScope();
        var ledger = new DynamoDbMembershipLedger(dynalite.Client, new DynamoDbStorageOptions(_table), _clock);
        await ledger.RecordAsync(scope, [new AccountChange("123456789012", ChangeKind.Leave, ChangeTime, "first")], CancellationToken.None);

        _clock.Advance(TimeSpan.FromDays(1));
        await ledger.RecordAsync(scope, [new AccountChange("123456789012", ChangeKind.Leave, ChangeTime, "duplicate")], CancellationToken.None);
        var item = await dynalite.ItemAsync(_table, "ledger#" + scope, "account#123456789012");

        Assert.Equal("first", item["eventId"].S);
        Assert.Equal("2030-01-01T00:00:00.0000000Z", item["recordedAt"].S);
    }

    [Fact]
    public async Task Unprocessed_keys_are_asked_for_again_until_all_are_answered()
    {
        var scope = NewScope();
        var accounts = Enumerable.Range(0, 150).Select(i => (300_000_000_000L + i).ToString("D12")).ToArray();
        var ledger = new DynamoDbMembershipLedger(dynalite.Client, new DynamoDbStorageOptions(_table));
        await ledger.RecordAsync(scope, accounts.Select(a => new AccountChange(a, ChangeKind.Join, ChangeTime, "e")).ToArray(), CancellationToken.None);
        var requests = new List<int>();

        // Like a throttled table: each call answers only the first 20 keys and hands back the rest.
        var stingy = InterceptedDynamoDb.Create(dynalite.Client, batchGetItem: async (request, token) =>
        {
            var asked = request.RequestItems[_table];
            lock (requests)
            {
                requests.Add(asked.Keys.Count);
            }

            Assert.True(asked.ConsistentRead);
            var answered = asked.Keys.Take(20).ToList();
            var response = await dynalite.Client.BatchGetItemAsync(
                new BatchGetItemRequest
                {
                    RequestItems = new() { [_table] = new() { Keys = answered, ConsistentRead = true, ProjectionExpression = asked.ProjectionExpression, ExpressionAttributeNames = asked.ExpressionAttributeNames } },
                },
                token);
            response.UnprocessedKeys = new() { [_table] = new() { Keys = asked.Keys.Skip(20).ToList() } };
            return response;
        });

        var entries = await new DynamoDbMembershipLedger(stingy, new DynamoDbStorageOptions(_table))
            .ReadAsync(scope, accounts, CancellationToken.None);

        Assert.Equal(accounts.Order(), entries.Keys.Order());
        Assert.All(requests, count => Assert.InRange(count, 1, 100));
        Assert.Equal(8, requests.Count); // chunks of 100 and 50 keys, 20 answered per call: 5 + 3 calls
    }

    [Fact]
    public async Task Keys_that_stay_unprocessed_are_retried_until_the_caller_gives_up()
    {
        var calls = 0;
        var throttled = InterceptedDynamoDb.Create(dynalite.Client, batchGetItem: (request, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(new BatchGetItemResponse
            {
                Responses = new() { [_table] = [] },
                UnprocessedKeys = new() { [_table] = new() { Keys = request.RequestItems[_table].Keys } },
            });
        });
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DynamoDbMembershipLedger(throttled, new DynamoDbStorageOptions(_table)).ReadAsync(NewScope(), ["123456789012"], deadline.Token));

        Assert.True(calls >= 2, $"retried {calls} times");
    }

    [Fact]
    public async Task The_waits_for_unprocessed_keys_are_the_shared_full_jitter_backoff_repeatable_with_a_seed()
    {
        var scope = NewScope();
        await new DynamoDbMembershipLedger(dynalite.Client, new DynamoDbStorageOptions(_table))
            .RecordAsync(scope, [new AccountChange("123456789012", ChangeKind.Join, ChangeTime, "e")], CancellationToken.None);
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(100), new Random(7));

        // Four rounds hand every key back, the fifth answers; the clock skips each wait at once.
        async Task<IReadOnlyList<TimeSpan>> WaitsAsync(Random random)
        {
            var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), ManualTimerMode.SkipAhead);
            var rounds = 0;
            var throttled = InterceptedDynamoDb.Create(dynalite.Client, batchGetItem: (request, token) =>
                ++rounds <= 4
                    ? Task.FromResult(new BatchGetItemResponse
                    {
                        Responses = new() { [_table] = [] },
                        UnprocessedKeys = new() { [_table] = new() { Keys = request.RequestItems[_table].Keys } },
                    })
                    : dynalite.Client.BatchGetItemAsync(request, token));
            var options = new DynamoDbStorageOptions(_table) { UnprocessedRetryBackoff = backoff with { Random = random } };

            var entries = await new DynamoDbMembershipLedger(throttled, options, clock).ReadAsync(scope, ["123456789012"], CancellationToken.None);

            Assert.Single(entries);
            return clock.Delays;
        }

        var waits = await WaitsAsync(new Random(7));

        Assert.Equal(4, waits.Count);
        Assert.All(waits.Select((wait, i) => (wait, ceiling: backoff.Ceiling(i + 1))), pair => Assert.InRange(pair.wait, TimeSpan.Zero, pair.ceiling));
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.Ceiling(4));
        Assert.Equal(waits, await WaitsAsync(new Random(7)));
        Assert.NotEqual(waits, await WaitsAsync(new Random(8)));
    }

    [Fact]
    public async Task A_scope_too_long_for_a_partition_key_is_a_clear_error()
    {
        var ledger = new DynamoDbMembershipLedger(dynalite.Client, new DynamoDbStorageOptions(_table));

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            ledger.RecordAsync(new string('x', 2100), [new AccountChange("123456789012", ChangeKind.Join, ChangeTime, "e")], CancellationToken.None));

        Assert.Contains("2048-byte partition key", error.Message);
    }

    private static string NewScope() => "aggregator/us-east-1/" + Guid.NewGuid().ToString("N");

}
