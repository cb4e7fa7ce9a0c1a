using Amazon.DynamoDBv2;
using Microsoft.Extensions.Logging;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
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
    public const string TableNameVariable = "ORGSYNC_TABLE_NAME";

    /// <summary>
    /// SEAM (storage, src/OrgSync.DynamoDb): return the DynamoDB ledger and lease on
    /// <paramref name="tableName"/>. Validate the options here (a bad setting is an init error), but build
    /// the client and stores on first use, e.g.
    /// <code>
    /// var options = DynamoDbStorageOptions.FromEnvironment(context.Environment.Get)!;
    /// var storage = new Lazy&lt;DynamoDbStorage&gt;(() =&gt; DynamoDbStorage.Create(context.DynamoDb.Value, options, context.Time));
    /// return new(new LazyMembershipLedger(() =&gt; storage.Value.Ledger), new LazyTargetLease(() =&gt; storage.Value.Lease), $"on DynamoDB table {tableName}");
    /// </code>
    /// Until they land, a deployment that names a table fails its init with this message rather than
    /// silently running without the protection the table gives.
    /// </summary>
    public static FunctionStorage CreateDynamoDb(string tableName, StorageContext context) =>
        throw new NotSupportedException(
            $"{TableNameVariable}={tableName} is set, but this build has no DynamoDB ledger and lease wired in (src/OrgSync.Functions/Storage/StorageWiring.cs).");

    public static FunctionStorage CreateInMemory(TimeProvider time) =>
        new(new InMemoryMembershipLedger(), new InMemoryTargetLease(time), "in memory (this process only)");

    /// <summary>The DynamoDB client, honouring the endpoint override convention of the AWS SDKs.</summary>
    public static Lazy<IAmazonDynamoDB> LazyDynamoDbClient(FunctionEnvironment environment) => new(() =>
    {
        var config = new AmazonDynamoDBConfig();
        if ((environment.Get("AWS_ENDPOINT_URL_DYNAMODB") ?? environment.Get("AWS_ENDPOINT_URL")) is { } endpoint)
        {
            config.ServiceURL = endpoint;
            if (environment.Get("AWS_REGION") is { } region)
            {
                config.AuthenticationRegion = region;
            }
        }

        return new AmazonDynamoDBClient(config);
    });
}
