using Amazon.DynamoDBv2.Model;
using OrgSync.Contracts.Tests.Support;
using OrgSync.DynamoDb.Journal;
using OrgSync.DynamoDb.Table;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.DynamoDb;

/// <summary>What the DynamoDB write journal stores, and how it copes with what dynalite never does.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbWriteJournalTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private string _table = string.Empty;

    private static readonly DateTimeOffset At = new DateTimeOffset(2029, 12, 31, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    public async Task InitializeAsync() => _table = await dynalite.TableAsync(nameof(DynamoDbWriteJournalTests));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_record_is_a_write_id_item_and_an_entry_keyed_by_its_exact_time_both_with_a_ttl_of_8_days()
    {
        var scope = NewScope();

        await Journal().RecordWriteAsync(scope, "write-1", At, 3, CancellationToken.None);
        var first = await dynalite.ItemAsync(_table, "journal#" + scope, "write#write-1");
        var entry = await dynalite.ItemAsync(_table, "journal#" + scope, "at#2029-12-31T12:00:00.1234567Z#write-1");

        Assert.Equal("2029-12-31T12:00:00.1234567Z", first["at"].S);
        Assert.Equal("3", first["accountsChanged"].N);
        Assert.Equal("2030-01-01T00:00:00.0000000Z", first["recordedAt"].S);
        Assert.Equal((_clock.GetUtcNow() + TimeSpan.FromDays(8)).ToUnixTimeSeconds().ToString(), first["expiresAt"].N);
        Assert.Equal("3", entry["accountsChanged"].N);
        Assert.Equal((At + TimeSpan.FromDays(8)).ToUnixTimeSeconds().ToString(), entry["expiresAt"].N);
    }

    [Fact]
    public async Task A_count_is_one_consistent_key_range_query_that_follows_every_page()
    {
        var scope = NewScope();
        var journal = Journal();
        for (var i = 0; i < 7; i++)
        {
            await journal.RecordWriteAsync(scope, $"write-{i}", At.AddMinutes(i), i + 1, CancellationToken.None);
        }

        var requests = new List<QueryRequest>();
        var smallPages = InterceptedDynamoDb.Create(dynalite.Client, query: (request, token) =>
        {
            requests.Add(request);
            Assert.True(request.ConsistentRead);
            Assert.Contains("BETWEEN", request.KeyConditionExpression, StringComparison.Ordinal);
            request.Limit = 2;
            return dynalite.Client.QueryAsync(request, token);
        });

        var total = await new DynamoDbWriteJournal(smallPages, new DynamoDbStorageOptions(_table), _clock)
            .CountSinceAsync(scope, At.AddMinutes(1), CancellationToken.None);

        Assert.Equal(2 + 3 + 4 + 5 + 6 + 7, total);
        Assert.InRange(requests.Count, 3, 4); // six entries in pages of two: a last, empty page when the store cannot tell it was the last
    }

    [Fact]
    public async Task A_record_cut_short_between_its_two_puts_is_completed_by_its_retry_with_the_first_time_and_count()
    {
        var scope = NewScope();
        var item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = "journal#" + scope },
            ["sk"] = new() { S = "write#write-1" },
            ["at"] = new() { S = "2029-12-31T12:00:00.1234567Z" },
            ["accountsChanged"] = new() { N = "4" },
        };
        await dynalite.Client.PutItemAsync(new PutItemRequest { TableName = _table, Item = item });
        var journal = Journal();
        Assert.Equal(0, await journal.CountSinceAsync(scope, At.AddDays(-1), CancellationToken.None));

        _clock.Advance(TimeSpan.FromMinutes(3));
        await journal.RecordWriteAsync(scope, "write-1", _clock.GetUtcNow(), 9, CancellationToken.None);

        Assert.Equal(4, await journal.CountSinceAsync(scope, At, CancellationToken.None));
        Assert.Equal(0, await journal.CountSinceAsync(scope, At.AddTicks(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_write_id_too_long_for_a_sort_key_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Journal().RecordWriteAsync(NewScope(), new string('w', 1100), At, 1, CancellationToken.None));

        Assert.Contains("1024-byte sort key", error.Message);
    }

    private DynamoDbWriteJournal Journal() => new(dynalite.Client, new DynamoDbStorageOptions(_table), _clock);

    private static string NewScope() => "aggregator/us-east-1/" + Guid.NewGuid().ToString("N");
}
