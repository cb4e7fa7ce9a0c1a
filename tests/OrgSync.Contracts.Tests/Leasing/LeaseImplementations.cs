using OrgSync.Core.Leasing;
using OrgSync.DynamoDb.Leasing;
using OrgSync.DynamoDb.Table;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.Leasing;

/// <summary>Core's process-local lease; also the embedded lease of <c>orgsync local</c>.</summary>
public sealed class InMemoryTargetLeaseContract : TargetLeaseContract
{
    protected override ITargetLease CreateLease(TimeProvider time) => new InMemoryTargetLease(time);
}

/// <summary>
/// The DynamoDB lease on dynalite. Expiry is compared against the times this lease wrote into the
/// item from the test's clock, never against dynalite's, so the fake clock works unchanged.
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbTargetLeaseContract(DynaliteFixture dynalite) : TargetLeaseContract, IAsyncLifetime
{
    private string? _table;

    public async Task InitializeAsync() => _table = await dynalite.TableAsync(nameof(DynamoDbTargetLeaseContract));

    public Task DisposeAsync() => Task.CompletedTask;

    protected override ITargetLease CreateLease(TimeProvider time) =>
        new DynamoDbTargetLease(dynalite.Client, new DynamoDbStorageOptions(_table!), time);
}
