using Amazon.DynamoDBv2;
using Microsoft.Extensions.Logging;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.DynamoDb.Table;
using OrgSync.Functions.Hosting;

namespace OrgSync.Functions.Storage;

/// <summary>The ledger and lease a function runs with, and a description for the init log.</summary>
public sealed record FunctionStorage(IMembershipLedger Ledger, ITargetLease Lease, string Description);

/// <summary>What a storage factory may use. <see cref="DynamoDb"/> is created on first use only.</summary>
public sealed record StorageContext(FunctionEnvironment Environment, TimeProvider Time, ILoggerFactory LoggerFactory, Lazy<IAmazonDynamoDB> DynamoDb);

/// <summary>Builds the DynamoDB-backed ledger and lease on the table named by <c>ORGSYNC_TABLE_NAME</c>.</summary>
public delegate FunctionStorage DynamoDbStorageFactory(string tableName, StorageContext context);

/// <summary>Chooses the ledger and lease from the environment.</summary>
public static class StorageWiring
{
    public const string TableNameVariable = DynamoDbStorageOptions.TableNameVariable;

    /// <summary>
    /// The DynamoDB ledger and lease (src/OrgSync.DynamoDb) on <paramref name="tableName"/>. The options
    /// are validated now, so a bad setting is an init error; the client and the stores are built on
    /// first use, so init pays for no AWS client.
    /// </summary>
    public static FunctionStorage CreateDynamoDb(string tableName, StorageContext context)
    {
        var options = DynamoDbStorageOptions.FromEnvironment(context.Environment.Get)
            ?? new DynamoDbStorageOptions(tableName);
        var storage = new Lazy<DynamoDbStorage>(() => DynamoDbStorage.Create(context.DynamoDb.Value, options, context.Time));
        return new FunctionStorage(
            new LazyMembershipLedger(() => storage.Value.Ledger),
            new LazyTargetLease(() => storage.Value.Lease),
            $"on DynamoDB table {options.TableName} (ledger retention {options.LedgerRetention.TotalDays:0} days)");
    }

    public static FunctionStorage CreateInMemory(TimeProvider time) =>
        new(new InMemoryMembershipLedger(), new InMemoryTargetLease(time), "in memory (this process only)");

    /// <summary>The DynamoDB client; the SDK resolves region, credentials and <c>AWS_ENDPOINT_URL_DYNAMODB</c> itself.</summary>
    public static Lazy<IAmazonDynamoDB> LazyDynamoDbClient() => new(() => DynamoDbStorage.CreateClient());
}
