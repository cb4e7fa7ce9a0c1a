using Amazon.DynamoDBv2;
using Amazon.Runtime;
using OrgSync.Core.Delivery;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.DynamoDb.Announcements;
using OrgSync.DynamoDb.Delivery;
using OrgSync.DynamoDb.Journal;
using OrgSync.DynamoDb.Leasing;
using OrgSync.DynamoDb.Membership;

namespace OrgSync.DynamoDb.Table;

/// <summary>
/// The ledger, the lease, the write journal, the announcements and the delivery attempts over one table, as the
/// Lambda bootstrap wires them.
/// </summary>
public sealed record DynamoDbStorage(
    IMembershipLedger Ledger, ITargetLease Lease, IWriteJournal Journal, IAnnouncementLedger Announcements, IDeliveryAttempts DeliveryAttempts)
{
    public static DynamoDbStorage Create(IAmazonDynamoDB client, DynamoDbStorageOptions options, TimeProvider time) =>
        new(
            new DynamoDbMembershipLedger(client, options, time),
            new DynamoDbTargetLease(client, options, time),
            new DynamoDbWriteJournal(client, options, time),
            new DynamoDbAnnouncementLedger(client, options, time),
            new DynamoDbDeliveryAttempts(client, options));

    /// <summary>
    /// Every store on the table named by <c>ORGSYNC_TABLE_NAME</c>, or null when it is unset.
    /// </summary>
    public static DynamoDbStorage? FromEnvironment(
        IAmazonDynamoDB client, TimeProvider time, Func<string, string?>? getVariable = null) =>
        DynamoDbStorageOptions.FromEnvironment(getVariable) is { } options ? Create(client, options, time) : null;

    /// <summary>
    /// A low-level DynamoDB client. Without <paramref name="serviceUrl"/> the SDK resolves region,
    /// credentials and endpoint itself, including <c>AWS_ENDPOINT_URL_DYNAMODB</c> / <c>AWS_ENDPOINT_URL</c>.
    /// With it (a local DynamoDB, a test fixture) requests go exactly there, signed for
    /// <paramref name="signingRegion"/>.
    /// </summary>
    public static AmazonDynamoDBClient CreateClient(
        string? serviceUrl = null, AWSCredentials? credentials = null, string signingRegion = "us-east-1")
    {
        var config = new AmazonDynamoDBConfig();
        if (!string.IsNullOrEmpty(serviceUrl))
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = signingRegion;
        }

        return credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
    }
}
