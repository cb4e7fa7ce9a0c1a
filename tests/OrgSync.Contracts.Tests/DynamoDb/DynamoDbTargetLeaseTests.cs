using Amazon.DynamoDBv2;
using OrgSync.Contracts.Tests.Support;
using OrgSync.DynamoDb.Leasing;
using OrgSync.DynamoDb.Table;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.DynamoDb;

/// <summary>What the DynamoDB lease stores, and the failures dynalite never produces by itself.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbTargetLeaseTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private string _table = string.Empty;

    public async Task InitializeAsync() => _table = await dynalite.TableAsync(nameof(DynamoDbTargetLeaseTests));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_grant_is_one_item_with_owner_token_expiry_and_a_ttl_a_day_after_the_expiry()
    {
        var key = NewKey();
        var lease = new DynamoDbTargetLease(dynalite.Client, new DynamoDbStorageOptions(_table), _clock);

        var grant = await lease.TryAcquireAsync(key, "consumer-a", Duration, CancellationToken.None);
        var item = await dynalite.ItemAsync(_table, "lease#" + key, "lease");

        Assert.NotNull(grant);
        Assert.Equal("consumer-a", item["owner"].S);
        Assert.Equal(grant.FencingToken.ToString(), item["fencingToken"].N);
        Assert.Equal(grant.ExpiresAt.ToUnixTimeMilliseconds().ToString(), item["leaseExpiresAtMs"].N);
        Assert.Equal((grant.ExpiresAt + TimeSpan.FromDays(1)).ToUnixTimeSeconds().ToString(), item["expiresAt"].N);
    }

    [Fact]
    public async Task Release_keeps_the_item_so_the_token_keeps_counting()
    {
        var key = NewKey();
        var lease = new DynamoDbTargetLease(dynalite.Client, new DynamoDbStorageOptions(_table), _clock);
        var first = await lease.TryAcquireAsync(key, "consumer-a", Duration, CancellationToken.None);
        Assert.NotNull(first);

        await lease.ReleaseAsync(first, CancellationToken.None);
        var item = await dynalite.ItemAsync(_table, "lease#" + key, "lease");
        var second = await lease.TryAcquireAsync(key, "consumer-b", Duration, CancellationToken.None);

        Assert.Equal(first.FencingToken.ToString(), item["fencingToken"].N);
        Assert.Equal("0", item["leaseExpiresAtMs"].N);
        Assert.NotNull(second);
        Assert.Equal(first.FencingToken + 1, second.FencingToken);
    }

    [Fact]
    public async Task A_grant_whose_response_was_lost_is_recognised_when_the_retry_fails_its_condition()
    {
        var key = NewKey();

        var lease = new DynamoDbTargetLease(LosingUpdateResponses(), new DynamoDbStorageOptions(_table), _clock);

        var grant = await lease.TryAcquireAsync(key, "consumer-a", Duration, CancellationToken.None);

        Assert.NotNull(grant);
        Assert.Equal(1, grant.FencingToken);
        Assert.True(await lease.IsCurrentAsync(grant, CancellationToken.None));
        Assert.Null(await lease.TryAcquireAsync(key, "consumer-b", Duration, CancellationToken.None));
    }

    [Fact]
    public async Task Renew_and_release_survive_a_lost_response_too()
    {
        var key = NewKey();
        var direct = new DynamoDbTargetLease(dynalite.Client, new DynamoDbStorageOptions(_table), _clock);
        var lease = new DynamoDbTargetLease(LosingUpdateResponses(), new DynamoDbStorageOptions(_table), _clock);
        var grant = await direct.TryAcquireAsync(key, "consumer-a", Duration, CancellationToken.None);
        Assert.NotNull(grant);

        _clock.Advance(TimeSpan.FromSeconds(10));
        var renewed = await lease.RenewAsync(grant, Duration, CancellationToken.None);
        Assert.NotNull(renewed);
        Assert.True(await direct.IsCurrentAsync(renewed, CancellationToken.None));

        await lease.ReleaseAsync(renewed, CancellationToken.None);
        Assert.False(await direct.IsCurrentAsync(renewed, CancellationToken.None));
    }

    [Fact]
    public async Task Leases_and_ledger_entries_never_share_an_item()
    {
        var key = NewKey();
        var options = new DynamoDbStorageOptions(_table);
        var lease = new DynamoDbTargetLease(dynalite.Client, options, _clock);
        var ledger = new OrgSync.DynamoDb.Membership.DynamoDbMembershipLedger(dynalite.Client, options, _clock);

        // A ledger scope shaped like the lease's item key must not disturb the lease.
        await ledger.RecordAsync(key, [new("123456789012", Core.Events.ChangeKind.Join, _clock.GetUtcNow(), "e")], CancellationToken.None);
        var grant = await lease.TryAcquireAsync(key, "consumer-a", Duration, CancellationToken.None);

        Assert.NotNull(grant);
        Assert.Equal(1, grant.FencingToken);
        Assert.Single(await ledger.ReadAsync(key, ["123456789012"], CancellationToken.None));
    }

    [Fact]
    public async Task A_non_positive_duration_is_refused()
    {
        var lease = new DynamoDbTargetLease(dynalite.Client, new DynamoDbStorageOptions(_table), _clock);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => lease.TryAcquireAsync(NewKey(), "consumer-a", TimeSpan.Zero, CancellationToken.None));
    }

    private static string NewKey() => "aggregator/us-east-1/" + Guid.NewGuid().ToString("N");

    // What the SDK does after a timeout: the first attempt was applied, the retry sends the same request again.
    private IAmazonDynamoDB LosingUpdateResponses() => InterceptedDynamoDb.Create(dynalite.Client, updateItem: async (request, token) =>
    {
        await dynalite.Client.UpdateItemAsync(request, token);
        return await dynalite.Client.UpdateItemAsync(request, token);
    });

}
