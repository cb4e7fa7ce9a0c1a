using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using OrgSync.Core.Membership;
using OrgSync.DynamoDb.Table;

namespace OrgSync.DynamoDb.Announcements;

/// <summary>
/// The announcement ledger in DynamoDB, one item per announcement:
/// <code>
/// pk = "announcement#&lt;id&gt;"   sk = "announcement"
/// owner             S  the claimant (removed on release)
/// claimedUntilTicks N  the claim's end, UTC ticks
/// payload           S  what the announcement carries, stored by the first claim and never changed
/// completedAt       S  when the claimant completed it (ISO-8601); present = announced, for good
/// expiresAt         N  TTL, epoch seconds: while claimed, claimedUntil + <see cref="DynamoDbStorageOptions.LedgerRetention"/>
///                      (a message redriven from the dead-letter queue days later still finds the payload it may
///                      already have sent); once completed, completedAt + <see cref="DynamoDbStorageOptions.LedgerRetention"/>
/// </code>
/// <see cref="AnnouncementRules"/> as condition expressions, one conditional <c>UpdateItem</c> per call,
/// so that of concurrent claimants exactly one wins:
/// <list type="bullet">
/// <item>claim: <c>SET owner, claimedUntilTicks, expiresAt, payload = if_not_exists(payload, :payload)</c> if
/// <c>attribute_not_exists(completedAt) AND (attribute_not_exists(owner) OR owner = :owner OR claimedUntilTicks &lt;= :now)</c>,
/// returning the old item (<c>ALL_OLD</c>: its payload is the stored one); a failed condition is read back
/// (consistently) to tell announced from held, with the stored payload.</item>
/// <item>complete: <c>SET completedAt, expiresAt</c> if <c>owner = :owner AND attribute_not_exists(completedAt)</c>;
/// a failed condition is read back: completed by this owner already is success (a retry whose response was lost).</item>
/// <item>release: <c>REMOVE owner</c> (the payload stays) if <c>owner = :owner AND attribute_not_exists(completedAt)</c>; a failed condition is the no-op.</item>
/// </list>
/// <c>:now</c> comes from the caller's <see cref="TimeProvider"/>, as for the leases.
/// </summary>
public sealed class DynamoDbAnnouncementLedger : IAnnouncementLedger
{
    private const string PartitionPrefix = "announcement#";
    private const string SortValue = "announcement";

    private const string OwnerAttribute = "owner";
    private const string UntilAttribute = "claimedUntilTicks";
    private const string CompletedAttribute = "completedAt";
    private const string PayloadAttribute = "payload";

    private static readonly Dictionary<string, string> Placeholders = new(StringComparer.Ordinal)
    {
        ["#owner"] = OwnerAttribute,
        ["#until"] = UntilAttribute,
        ["#completed"] = CompletedAttribute,
        ["#payload"] = PayloadAttribute,
        ["#ttl"] = TableKeys.ExpiresAt,
    };

    private readonly IAmazonDynamoDB _client;
    private readonly DynamoDbStorageOptions _options;
    private readonly TimeProvider _time;

    public DynamoDbAnnouncementLedger(IAmazonDynamoDB client, DynamoDbStorageOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public async Task<AnnouncementTicket> ClaimAsync(string announcementId, string owner, DateTimeOffset until, string payload, CancellationToken cancellationToken)
    {
        AnnouncementRules.Validate(announcementId, owner, payload);
        cancellationToken.ThrowIfCancellationRequested();

        var now = _time.GetUtcNow();
        var request = new UpdateItemRequest
        {
            TableName = _options.TableName,
            Key = ItemKey(announcementId),
            UpdateExpression = "SET #owner = :owner, #until = :until, #ttl = :ttl, #payload = if_not_exists(#payload, :payload)",
            ConditionExpression =
                "attribute_not_exists(#completed) AND (attribute_not_exists(#owner) OR #owner = :owner OR #until <= :now)",
            ExpressionAttributeNames = Names("#owner", "#until", "#ttl", "#payload", "#completed"),
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":owner"] = TableKeys.String(owner),
                [":until"] = TableKeys.Number(until.UtcTicks),
                [":ttl"] = TableKeys.Number(TableKeys.EpochSeconds(Later(until, now) + _options.LedgerRetention)),
                [":payload"] = TableKeys.String(payload),
                [":now"] = TableKeys.Number(now.UtcTicks),
            },
            ReturnValues = ReturnValue.ALL_OLD,
        };

        try
        {
            var response = await _client.UpdateItemAsync(request, cancellationToken);
            var stored = StoredPayload(response.Attributes);
            return new AnnouncementTicket(AnnouncementClaim.Claimed, stored ?? payload, IsRetry: stored is not null);
        }
        catch (ConditionalCheckFailedException)
        {
            var item = await ReadAsync(announcementId, cancellationToken);
            var stored = StoredPayload(item);
            var outcome = item is not null && item.ContainsKey(CompletedAttribute)
                ? AnnouncementClaim.AlreadyAnnounced
                : AnnouncementClaim.HeldByAnother;
            return new AnnouncementTicket(outcome, stored ?? payload, IsRetry: stored is not null);
        }
    }

    public async Task<bool> CompleteAsync(string announcementId, string owner, CancellationToken cancellationToken)
    {
        AnnouncementRules.Validate(announcementId, owner);
        cancellationToken.ThrowIfCancellationRequested();

        var now = _time.GetUtcNow();
        var request = new UpdateItemRequest
        {
            TableName = _options.TableName,
            Key = ItemKey(announcementId),
            UpdateExpression = "SET #completed = :completed, #ttl = :ttl",
            ConditionExpression = "#owner = :owner AND attribute_not_exists(#completed)",
            ExpressionAttributeNames = Names("#completed", "#ttl", "#owner"),
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":completed"] = TableKeys.String(TableKeys.IsoTime(now)),
                [":ttl"] = TableKeys.Number(TableKeys.EpochSeconds(now + _options.LedgerRetention)),
                [":owner"] = TableKeys.String(owner),
            },
        };

        try
        {
            await _client.UpdateItemAsync(request, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            // Completed by this owner already (a retry, or an SDK retry whose first response was lost), or not its claim.
            var item = await ReadAsync(announcementId, cancellationToken);
            return item is not null
                && item.ContainsKey(CompletedAttribute)
                && item.TryGetValue(OwnerAttribute, out var holder)
                && holder.S == owner;
        }
    }

    public async Task ReleaseAsync(string announcementId, string owner, CancellationToken cancellationToken)
    {
        AnnouncementRules.Validate(announcementId, owner);
        cancellationToken.ThrowIfCancellationRequested();

        var request = new UpdateItemRequest
        {
            TableName = _options.TableName,
            Key = ItemKey(announcementId),
            UpdateExpression = "REMOVE #owner",
            ConditionExpression = "#owner = :owner AND attribute_not_exists(#completed)",
            ExpressionAttributeNames = Names("#owner", "#completed"),
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":owner"] = TableKeys.String(owner),
            },
        };

        try
        {
            await _client.UpdateItemAsync(request, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Not this owner's claim (taken over, released before, never claimed) or completed: nothing to give up.
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadAsync(string announcementId, CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(
            new GetItemRequest
            {
                TableName = _options.TableName,
                Key = ItemKey(announcementId),
                ConsistentRead = true,
                ProjectionExpression = "#owner, #completed, #payload",
                ExpressionAttributeNames = Names("#owner", "#completed", "#payload"),
            },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private static string? StoredPayload(Dictionary<string, AttributeValue>? item) =>
        item is not null && item.TryGetValue(PayloadAttribute, out var value) && value.S is { Length: > 0 } text ? text : null;

    // DynamoDB rejects a request that declares a placeholder its expressions do not use.
    private static Dictionary<string, string> Names(params string[] placeholders) =>
        placeholders.ToDictionary(placeholder => placeholder, placeholder => Placeholders[placeholder], StringComparer.Ordinal);

    private static Dictionary<string, AttributeValue> ItemKey(string announcementId) => TableKeys.Key(PartitionPrefix + announcementId, SortValue);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
