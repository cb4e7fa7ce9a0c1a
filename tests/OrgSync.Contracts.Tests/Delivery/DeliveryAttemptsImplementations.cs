using OrgSync.Core.Delivery;
using OrgSync.DynamoDb.Delivery;
using OrgSync.DynamoDb.Table;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.Delivery;

/// <summary>Core's process-local attempts; what a function without <c>ORGSYNC_TABLE_NAME</c> counts with.</summary>
public sealed class InMemoryDeliveryAttemptsContract : DeliveryAttemptsContract
{
    protected override IDeliveryAttempts CreateAttempts(TimeProvider time) => new InMemoryDeliveryAttempts(time);

    [Fact]
    public async Task A_count_past_its_keep_until_is_forgotten()
    {
        var id = NewId();
        await Attempts.RecordAttemptAsync(id, Clock.GetUtcNow() + Retention, CancellationToken.None);
        await Attempts.RecordAttemptAsync(id, Clock.GetUtcNow() + Retention, CancellationToken.None);

        Clock.Advance(Retention);

        Assert.Equal(1, await Attempts.RecordAttemptAsync(id, Clock.GetUtcNow() + Retention, CancellationToken.None));
    }
}

/// <summary>The DynamoDB attempts on dynalite.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbDeliveryAttemptsContract(DynaliteFixture dynalite) : DeliveryAttemptsContract, IAsyncLifetime
{
    private string? _table;

    public async Task InitializeAsync() => _table = await dynalite.TableAsync(nameof(DynamoDbDeliveryAttemptsContract));

    public Task DisposeAsync() => Task.CompletedTask;

    protected override IDeliveryAttempts CreateAttempts(TimeProvider time) =>
        new DynamoDbDeliveryAttempts(dynalite.Client, new DynamoDbStorageOptions(_table!));
}
