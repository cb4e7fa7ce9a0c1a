using OrgSync.Core.Membership;
using OrgSync.DynamoDb.Announcements;
using OrgSync.DynamoDb.Table;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.DynamoDb;

/// <summary>What the DynamoDB announcement ledger stores.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbAnnouncementLedgerTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private string _table = string.Empty;

    public async Task InitializeAsync() => _table = await dynalite.TableAsync(nameof(DynamoDbAnnouncementLedgerTests));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_claim_is_one_item_with_owner_exact_end_and_a_ttl_the_ledger_retention_past_the_end()
    {
        var id = NewId();
        var until = _clock.GetUtcNow().AddSeconds(30).AddTicks(7);

        await Ledger().ClaimAsync(id, "sender-a", until, "payload", CancellationToken.None);
        var item = await dynalite.ItemAsync(_table, "announcement#" + id, "announcement");

        Assert.Equal("sender-a", item["owner"].S);
        Assert.Equal("payload", item["payload"].S);
        Assert.Equal(until.UtcTicks.ToString(), item["claimedUntilTicks"].N);
        // Not a day: a message redriven from the dead-letter queue (kept 14 days) must still find the payload it may have sent.
        Assert.Equal((until + TimeSpan.FromDays(400)).ToUnixTimeSeconds().ToString(), item["expiresAt"].N);
        Assert.False(item.ContainsKey("completedAt"));
    }

    [Fact]
    public async Task A_completion_is_kept_for_the_ledger_retention()
    {
        var id = NewId();
        var ledger = Ledger(new DynamoDbStorageOptions(_table) { LedgerRetention = TimeSpan.FromDays(30) });
        await ledger.ClaimAsync(id, "sender-a", _clock.GetUtcNow().AddSeconds(30), "payload", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(await ledger.CompleteAsync(id, "sender-a", CancellationToken.None));
        var item = await dynalite.ItemAsync(_table, "announcement#" + id, "announcement");

        Assert.Equal("2030-01-01T00:00:05.0000000Z", item["completedAt"].S);
        Assert.Equal("sender-a", item["owner"].S);
        Assert.Equal((_clock.GetUtcNow() + TimeSpan.FromDays(30)).ToUnixTimeSeconds().ToString(), item["expiresAt"].N);
    }

    [Fact]
    public async Task A_release_removes_the_owner_and_keeps_the_item_with_its_payload()
    {
        var id = NewId();
        var ledger = Ledger();
        await ledger.ClaimAsync(id, "sender-a", _clock.GetUtcNow().AddSeconds(30), "first", CancellationToken.None);

        await ledger.ReleaseAsync(id, "sender-a", CancellationToken.None);
        var item = await dynalite.ItemAsync(_table, "announcement#" + id, "announcement");

        Assert.False(item.ContainsKey("owner"));
        Assert.Equal("first", item["payload"].S);
        Assert.Equal(
            new AnnouncementTicket(AnnouncementClaim.Claimed, "first", IsRetry: true),
            await ledger.ClaimAsync(id, "sender-b", _clock.GetUtcNow().AddSeconds(30), "second", CancellationToken.None));
    }

    [Fact]
    public async Task An_item_claimed_before_payloads_were_kept_takes_the_next_claimants_payload()
    {
        var id = NewId();
        var ledger = Ledger();
        await ledger.ClaimAsync(id, "sender-a", _clock.GetUtcNow().AddSeconds(30), "first", CancellationToken.None);
        await dynalite.Client.UpdateItemAsync(new Amazon.DynamoDBv2.Model.UpdateItemRequest
        {
            TableName = _table,
            Key = new() { ["pk"] = new() { S = "announcement#" + id }, ["sk"] = new() { S = "announcement" } },
            UpdateExpression = "REMOVE payload, #owner",
            ExpressionAttributeNames = new() { ["#owner"] = "owner" },
        });

        Assert.Equal(
            new AnnouncementTicket(AnnouncementClaim.Claimed, "second", IsRetry: false),
            await ledger.ClaimAsync(id, "sender-b", _clock.GetUtcNow().AddSeconds(30), "second", CancellationToken.None));
        Assert.Equal("second", (await dynalite.ItemAsync(_table, "announcement#" + id, "announcement"))["payload"].S);
    }

    [Fact]
    public async Task An_id_too_long_for_a_partition_key_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Ledger().ClaimAsync(new string('n', 2100), "sender-a", _clock.GetUtcNow(), "payload", CancellationToken.None));

        Assert.Contains("2048-byte partition key", error.Message);
    }

    private DynamoDbAnnouncementLedger Ledger(DynamoDbStorageOptions? options = null) =>
        new(dynalite.Client, options ?? new DynamoDbStorageOptions(_table), _clock);

    private static string NewId() => "notification/" + Guid.NewGuid().ToString("N");
}
