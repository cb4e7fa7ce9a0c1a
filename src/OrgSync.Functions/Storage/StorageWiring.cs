using Amazon.DynamoDBv2;
using Microsoft.Extensions.Logging;
using OrgSync.Core.Delivery;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.DynamoDb.Table;
using OrgSync.Functions.Hosting;

namespace OrgSync.Functions.Storage;

/// <summary>The stores a function runs with, and a description for the init log.</summary>
public sealed record FunctionStorage(
    IMembershipLedger Ledger,
    ITargetLease Lease,
    IWriteJournal Journal,
    IAnnouncementLedger Announcements,
    IDeliveryAttempts DeliveryAttempts,
    string Description);

/// <summary>What a storage factory may use. <see cref="DynamoDb"/> is created on first use only.</summary>
public sealed record StorageContext(FunctionEnvironment Environment, TimeProvider Time, ILoggerFactory LoggerFactory, Lazy<IAmazonDynamoDB> DynamoDb);

/// <summary>Builds the DynamoDB-backed stores on the table named by <c>ORGSYNC_TABLE_NAME</c> (passed as <c>tableName</c>).</summary>
public delegate FunctionStorage DynamoDbStorageFactory(string tableName, StorageContext context);

/// <summary>Chooses the stores from the environment.</summary>
public static class StorageWiring
{
    public const string TableNameVariable = DynamoDbStorageOptions.TableNameVariable;

    /// <summary>
    /// The DynamoDB stores (src/OrgSync.DynamoDb) on <paramref name="tableName"/>, with the other settings
    /// from the environment. The options are validated now, so a bad setting is an init error; the client
    /// and the stores are built on first use, so init pays for no AWS client.
    /// </summary>
    public static FunctionStorage CreateDynamoDb(string tableName, StorageContext context)
    {
        var options = DynamoDbStorageOptions.ForTable(tableName, context.Environment.Get);
        var storage = new Lazy<DynamoDbStorage>(() => DynamoDbStorage.Create(context.DynamoDb.Value, options, context.Time));
        return new FunctionStorage(
            new LazyMembershipLedger(() => storage.Value.Ledger),
            new LazyTargetLease(() => storage.Value.Lease),
            new LazyWriteJournal(() => storage.Value.Journal),
            new LazyAnnouncementLedger(() => storage.Value.Announcements),
            new LazyDeliveryAttempts(() => storage.Value.DeliveryAttempts),
            $"on DynamoDB table {options.TableName} (ledger retention {options.LedgerRetention.TotalDays:0} days)");
    }

    public static FunctionStorage CreateInMemory(TimeProvider time) =>
        new(
            new InMemoryMembershipLedger(),
            new InMemoryTargetLease(time),
            new InMemoryWriteJournal(time),
            new InMemoryAnnouncementLedger(time),
            new InMemoryDeliveryAttempts(time),
            "in memory (this process only)");

    /// <summary>The DynamoDB client; the SDK resolves region, credentials and <c>AWS_ENDPOINT_URL_DYNAMODB</c> itself.</summary>
    public static Lazy<IAmazonDynamoDB> LazyDynamoDbClient() => new(() => DynamoDbStorage.CreateClient());
}
