using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using OrgSync.Core.Leasing;
using OrgSync.DynamoDb.Table;

namespace OrgSync.DynamoDb.Leasing;

/// <summary>
/// Target leases in DynamoDB, one item per target key:
/// <code>
/// pk = "lease#&lt;key&gt;"   sk = "lease"
/// owner            S  the holder of the latest grant
/// fencingToken     N  +1 on every grant, atomically, in the same conditional update that grants it
/// leaseExpiresAtMs N  when the latest grant expires, epoch milliseconds (0 once released)
/// grantId          S  random per acquisition attempt: recognises our own grant when the response was lost
/// expiresAt        N  TTL, epoch seconds: lease expiry + <see cref="DynamoDbStorageOptions.LeaseItemRetention"/>
/// </code>
/// Expiry is compared against the callers' clocks (<see cref="TimeProvider"/>), never DynamoDB's, so
/// lease durations must be long compared with the clock skew between consumers (NTP keeps Lambda's
/// within milliseconds). Release never deletes the item: the token would restart at 1, and a holder of
/// an old grant would again hold a "current" token number.
/// </summary>
public sealed class DynamoDbTargetLease : ITargetLease
{
    private const string PartitionPrefix = "lease#";
    private const string SortValue = "lease";

    private const string OwnerAttribute = "owner";
    private const string TokenAttribute = "fencingToken";
    private const string LeaseExpiresAttribute = "leaseExpiresAtMs";
    private const string GrantIdAttribute = "grantId";

    private static readonly Dictionary<string, string> Placeholders = new(StringComparer.Ordinal)
    {
        ["#owner"] = OwnerAttribute,
        ["#token"] = TokenAttribute,
        ["#until"] = LeaseExpiresAttribute,
        ["#grant"] = GrantIdAttribute,
        ["#ttl"] = TableKeys.ExpiresAt,
    };

    private readonly IAmazonDynamoDB _client;
    private readonly DynamoDbStorageOptions _options;
    private readonly TimeProvider _time;

    public DynamoDbTargetLease(IAmazonDynamoDB client, DynamoDbStorageOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public async Task<LeaseGrant?> TryAcquireAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();

        var now = _time.GetUtcNow();
        var expiresAt = Milliseconds(now + duration);
        var grantId = Guid.NewGuid().ToString("N");
        var request = new UpdateItemRequest
        {
            TableName = _options.TableName,
            Key = ItemKey(key),
            UpdateExpression =
                "SET #owner = :owner, #grant = :grant, #until = :until, #ttl = :ttl, #token = if_not_exists(#token, :zero) + :one",
            ConditionExpression = "attribute_not_exists(#until) OR #until <= :now",
            ExpressionAttributeNames = Names("#owner", "#grant", "#until", "#ttl", "#token"),
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":owner"] = TableKeys.String(owner),
                [":grant"] = TableKeys.String(grantId),
                [":until"] = TableKeys.Number(expiresAt.ToUnixTimeMilliseconds()),
                [":ttl"] = TableKeys.Number(TableKeys.EpochSeconds(expiresAt + _options.LeaseItemRetention)),
                [":now"] = TableKeys.Number(now.ToUnixTimeMilliseconds()),
                [":zero"] = TableKeys.Number(0),
                [":one"] = TableKeys.Number(1),
            },
            ReturnValues = ReturnValue.UPDATED_NEW,
        };

        try
        {
            var response = await _client.UpdateItemAsync(request, cancellationToken);
            return new LeaseGrant(key, owner, TableKeys.ReadNumber(response.Attributes, TokenAttribute), expiresAt);
        }
        catch (ConditionalCheckFailedException)
        {
            // Usually held by someone else. But if the SDK retried a grant whose response was lost, the
            // retry fails the condition against our own grant: the grant id tells.
            var item = await ReadAsync(key, cancellationToken);
            return item is not null && item.TryGetValue(GrantIdAttribute, out var id) && id.S == grantId
                ? new LeaseGrant(key, owner, TableKeys.ReadNumber(item, TokenAttribute), expiresAt)
                : null;
        }
    }

    public async Task<bool> IsCurrentAsync(LeaseGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        cancellationToken.ThrowIfCancellationRequested();
        var item = await ReadAsync(grant.Key, cancellationToken);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return item is not null
            && TableKeys.ReadString(item, OwnerAttribute) == grant.Owner
            && TableKeys.ReadNumber(item, TokenAttribute) == grant.FencingToken
            && TableKeys.ReadNumber(item, LeaseExpiresAttribute) > now;
    }

    public async Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();

        var now = _time.GetUtcNow();
        var expiresAt = Milliseconds(now + duration);
        var request = new UpdateItemRequest
        {
            TableName = _options.TableName,
            Key = ItemKey(grant.Key),
            UpdateExpression = "SET #until = :until, #ttl = :ttl",
            ConditionExpression = "#token = :token AND #owner = :owner AND #until > :now",
            ExpressionAttributeNames = Names("#until", "#ttl", "#token", "#owner"),
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":until"] = TableKeys.Number(expiresAt.ToUnixTimeMilliseconds()),
                [":ttl"] = TableKeys.Number(TableKeys.EpochSeconds(expiresAt + _options.LeaseItemRetention)),
                [":token"] = TableKeys.Number(grant.FencingToken),
                [":owner"] = TableKeys.String(grant.Owner),
                [":now"] = TableKeys.Number(now.ToUnixTimeMilliseconds()),
            },
        };

        try
        {
            await _client.UpdateItemAsync(request, cancellationToken);
            return grant with { ExpiresAt = expiresAt };
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    public async Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        cancellationToken.ThrowIfCancellationRequested();

        // Expire the grant in place; the item (and with it the token count) stays.
        var request = new UpdateItemRequest
        {
            TableName = _options.TableName,
            Key = ItemKey(grant.Key),
            UpdateExpression = "SET #until = :released",
            ConditionExpression = "#token = :token AND #owner = :owner",
            ExpressionAttributeNames = Names("#until", "#token", "#owner"),
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":released"] = TableKeys.Number(0),
                [":token"] = TableKeys.Number(grant.FencingToken),
                [":owner"] = TableKeys.String(grant.Owner),
            },
        };

        try
        {
            await _client.UpdateItemAsync(request, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Lost already (taken over, or released before): the current holder's lease stays.
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(
            new GetItemRequest
            {
                TableName = _options.TableName,
                Key = ItemKey(key),
                ConsistentRead = true,
                ProjectionExpression = "#owner, #token, #until, #grant",
                ExpressionAttributeNames = Names("#owner", "#token", "#until", "#grant"),
            },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    // DynamoDB rejects a request that declares a placeholder its expressions do not use.
    private static Dictionary<string, string> Names(params string[] placeholders) =>
        placeholders.ToDictionary(placeholder => placeholder, placeholder => Placeholders[placeholder], StringComparer.Ordinal);

    private static Dictionary<string, AttributeValue> ItemKey(string key) => TableKeys.Key(PartitionPrefix + key, SortValue);

    // The item stores milliseconds, so the grant carries exactly what was stored.
    private static DateTimeOffset Milliseconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
