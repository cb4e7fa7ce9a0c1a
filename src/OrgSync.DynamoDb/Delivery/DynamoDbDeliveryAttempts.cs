using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using OrgSync.Core.Delivery;
using OrgSync.DynamoDb.Table;

namespace OrgSync.DynamoDb.Delivery;

/// <summary>
/// Delivery attempts in DynamoDB, one item per delivery id (the Lambda request id of an asynchronous invocation):
/// <code>
/// pk = "attempts#&lt;id&gt;"   sk = "attempts"
/// attempts  N  how many attempts were recorded
/// expiresAt N  TTL, epoch seconds: the last call's keepUntil
/// </code>
/// One unconditional <c>UpdateItem</c> per attempt, <c>ADD #attempts :one SET #ttl = :ttl</c> with
/// <c>ReturnValues UPDATED_NEW</c>: DynamoDB adds atomically, so concurrent attempts are all counted and each is
/// handed its own number. An item past its TTL may still be counted on until DynamoDB deletes it (within days);
/// the interface allows either.
/// </summary>
public sealed class DynamoDbDeliveryAttempts : IDeliveryAttempts
{
    private const string PartitionPrefix = "attempts#";
    private const string SortValue = "attempts";

    private const string AttemptsAttribute = "attempts";

    private readonly IAmazonDynamoDB _client;
    private readonly DynamoDbStorageOptions _options;

    public DynamoDbDeliveryAttempts(IAmazonDynamoDB client, DynamoDbStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
    }

    public async Task<int> RecordAttemptAsync(string deliveryId, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        cancellationToken.ThrowIfCancellationRequested();

        var request = new UpdateItemRequest
        {
            TableName = _options.TableName,
            Key = TableKeys.Key(PartitionPrefix + deliveryId, SortValue),
            UpdateExpression = "ADD #attempts :one SET #ttl = :ttl",
            ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["#attempts"] = AttemptsAttribute,
                ["#ttl"] = TableKeys.ExpiresAt,
            },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":one"] = TableKeys.Number(1),
                [":ttl"] = TableKeys.Number(TableKeys.EpochSeconds(keepUntil)),
            },
            ReturnValues = ReturnValue.UPDATED_NEW,
        };

        var response = await _client.UpdateItemAsync(request, cancellationToken);
        var attempts = TableKeys.ReadNumber(response.Attributes, AttemptsAttribute);
        return attempts > int.MaxValue ? int.MaxValue : (int)attempts;
    }
}
