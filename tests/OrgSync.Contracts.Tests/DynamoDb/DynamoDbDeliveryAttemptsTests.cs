using OrgSync.DynamoDb.Delivery;
using OrgSync.DynamoDb.Table;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.DynamoDb;

/// <summary>What the DynamoDB delivery attempts store.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbDeliveryAttemptsTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private string _table = string.Empty;

    public async Task InitializeAsync() => _table = await dynalite.TableAsync(nameof(DynamoDbDeliveryAttemptsTests));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_id_is_one_item_with_its_count_and_the_last_keep_until_as_TTL()
    {
        var id = Guid.NewGuid().ToString();
        var attempts = new DynamoDbDeliveryAttempts(dynalite.Client, new DynamoDbStorageOptions(_table));

        await attempts.RecordAttemptAsync(id, Now.AddHours(1), CancellationToken.None);
        await attempts.RecordAttemptAsync(id, Now.AddHours(2), CancellationToken.None);
        var item = await dynalite.ItemAsync(_table, "attempts#" + id, "attempts");

        Assert.Equal("2", item["attempts"].N);
        Assert.Equal(Now.AddHours(2).ToUnixTimeSeconds().ToString(), item["expiresAt"].N);
    }

    [Fact]
    public async Task An_id_too_long_for_a_partition_key_is_a_clear_error()
    {
        var attempts = new DynamoDbDeliveryAttempts(dynalite.Client, new DynamoDbStorageOptions(_table));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => attempts.RecordAttemptAsync(new string('r', 2100), Now, CancellationToken.None));

        Assert.Contains("2048-byte partition key", error.Message);
    }
}
