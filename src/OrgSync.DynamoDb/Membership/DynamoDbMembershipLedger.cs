using System.Collections.Immutable;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.DynamoDb.Table;

namespace OrgSync.DynamoDb.Membership;

/// <summary>
/// The membership ledger in DynamoDB. One item per scope (target key) and account:
/// <code>
/// pk = "ledger#&lt;scope&gt;"   sk = "account#&lt;account id&gt;"
/// kind        S  "join" | "leave"
/// changeTicks N  the change's envelope time in UTC ticks (exact; what the ordering compares)
/// changeTime  S  the same instant as ISO-8601 with all seven fractional digits (for people)
/// rank        N  0 for join, 1 for leave (the tie-break of <see cref="ChangeOrder"/>)
/// eventId     S  the envelope id of the change (for correlation; omitted when empty)
/// blocked     BOOL true when a prerequisite kept the account out of one of the target's lists (omitted otherwise,
///                  so the put of a newer change without it removes it; an item without it is not blocked)
/// recordedAt  S  when it was recorded (ISO-8601)
/// expiresAt   N  TTL, epoch seconds: recordedAt + <see cref="DynamoDbStorageOptions.LedgerRetention"/>
/// </code>
/// A scope's entries share a partition, so a batch's lookups for one target stay on one partition.
/// Entries only move forward, enforced by DynamoDB itself (a conditional put per entry), so
/// concurrent recorders converge on the newest change whatever order their writes land in.
/// </summary>
public sealed class DynamoDbMembershipLedger : IMembershipLedger
{
    private const string PartitionPrefix = "ledger#";
    private const string SortPrefix = "account#";
    private const int MaxKeysPerBatchGet = 100;

    private const string KindAttribute = "kind";
    private const string TicksAttribute = "changeTicks";
    private const string TimeAttribute = "changeTime";
    private const string RankAttribute = "rank";
    private const string EventIdAttribute = "eventId";
    private const string RecordedAtAttribute = "recordedAt";
    private const string BlockedAttribute = "blocked";

    // Moves forward only: absent, or strictly older, or as old and of a lower rank. An equal change
    // fails the condition, which makes re-recording (and a retried put whose response was lost) a no-op.
    private const string ForwardOnlyCondition =
        "attribute_not_exists(#pk) OR #ticks < :ticks OR (#ticks = :ticks AND #rank < :rank)";

    private static readonly DateTimeOffset AnyInstant = DateTimeOffset.UnixEpoch;

    private readonly IAmazonDynamoDB _client;
    private readonly DynamoDbStorageOptions _options;
    private readonly TimeProvider _time;

    public DynamoDbMembershipLedger(IAmazonDynamoDB client, DynamoDbStorageOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public async Task<ImmutableDictionary<string, AppliedChange>> ReadAsync(
        string scope, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(accountIds);
        cancellationToken.ThrowIfCancellationRequested();

        // BatchGetItem rejects a request that names the same key twice, and one with no key at all.
        var accounts = accountIds.Distinct(StringComparer.Ordinal).ToArray();
        if (accounts.Length == 0)
        {
            return ImmutableDictionary.Create<string, AppliedChange>(StringComparer.Ordinal);
        }

        var partition = PartitionPrefix + scope;
        var chunks = await Task.WhenAll(
            accounts.Chunk(MaxKeysPerBatchGet).Select(chunk => ReadChunkAsync(partition, chunk, cancellationToken)));

        var builder = ImmutableDictionary.CreateBuilder<string, AppliedChange>(StringComparer.Ordinal);
        foreach (var item in chunks.SelectMany(items => items))
        {
            var sort = TableKeys.ReadString(item, TableKeys.SortKey);
            builder[sort[SortPrefix.Length..]] = Decode(item);
        }

        return builder.ToImmutable();
    }

    public async Task RecordAsync(string scope, IReadOnlyCollection<AccountChange> applied, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(applied);
        cancellationToken.ThrowIfCancellationRequested();

        // Only the newest change per account can survive, so only it is worth a write.
        var newest = new Dictionary<string, AccountChange>(StringComparer.Ordinal);
        foreach (var change in applied)
        {
            if (!newest.TryGetValue(change.AccountId, out var current) || ChangeOrder.Compare(change, current) > 0)
            {
                newest[change.AccountId] = change;
            }
        }

        if (newest.Count == 0)
        {
            return;
        }

        var partition = PartitionPrefix + scope;
        var recordedAt = _time.GetUtcNow();
        await Parallel.ForEachAsync(
            newest.Values,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentWrites, CancellationToken = cancellationToken },
            async (change, token) => await RecordOneAsync(partition, change, recordedAt, token));
    }

    private async Task RecordOneAsync(string partition, AccountChange change, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        var ticks = change.Time.UtcTicks;
        var rank = Rank(change.Kind);
        var item = TableKeys.Key(partition, SortPrefix + change.AccountId);
        item[KindAttribute] = TableKeys.String(KindName(change.Kind));
        item[TicksAttribute] = TableKeys.Number(ticks);
        item[TimeAttribute] = TableKeys.String(TableKeys.IsoTime(change.Time));
        item[RankAttribute] = TableKeys.Number(rank);
        item[RecordedAtAttribute] = TableKeys.String(TableKeys.IsoTime(recordedAt));
        item[TableKeys.ExpiresAt] = TableKeys.Number(TableKeys.EpochSeconds(recordedAt + _options.LedgerRetention));
        if (!string.IsNullOrEmpty(change.EventId))
        {
            item[EventIdAttribute] = TableKeys.String(change.EventId);
        }

        if (change.Blocked)
        {
            item[BlockedAttribute] = new AttributeValue { BOOL = true };
        }

        var request = new PutItemRequest
        {
            TableName = _options.TableName,
            Item = item,
            ConditionExpression = ForwardOnlyCondition,
            ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["#pk"] = TableKeys.PartitionKey,
                ["#ticks"] = TicksAttribute,
                ["#rank"] = RankAttribute,
            },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":ticks"] = TableKeys.Number(ticks),
                [":rank"] = TableKeys.Number(rank),
            },
        };

        try
        {
            await _client.PutItemAsync(request, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // The entry is already at or past this change: nothing to record.
        }
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ReadChunkAsync(
        string partition, string[] accounts, CancellationToken cancellationToken)
    {
        var found = new List<Dictionary<string, AttributeValue>>(accounts.Length);
        var pending = accounts.Select(account => TableKeys.Key(partition, SortPrefix + account)).ToList();
        var attempt = 0;
        while (true)
        {
            var request = new BatchGetItemRequest
            {
                RequestItems = new Dictionary<string, KeysAndAttributes>(StringComparer.Ordinal)
                {
                    [_options.TableName] = new()
                    {
                        Keys = pending,
                        ConsistentRead = true,
                        ProjectionExpression = "#sk, #kind, #ticks, #blocked",
                        ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            ["#sk"] = TableKeys.SortKey,
                            ["#kind"] = KindAttribute,
                            ["#ticks"] = TicksAttribute,
                            ["#blocked"] = BlockedAttribute,
                        },
                    },
                },
            };

            var response = await _client.BatchGetItemAsync(request, cancellationToken);
            if (response.Responses is { } responses && responses.TryGetValue(_options.TableName, out var items))
            {
                found.AddRange(items);
            }

            // Throttling or the 16 MB response limit hand keys back inside a success; keep asking
            // (with backoff) until all are answered or the caller gives up.
            if (response.UnprocessedKeys is not { } unprocessed
                || !unprocessed.TryGetValue(_options.TableName, out var rest)
                || rest.Keys is not { Count: > 0 })
            {
                return found;
            }

            // Progress starts the waits short again.
            attempt = rest.Keys.Count < pending.Count ? 1 : attempt + 1;
            pending = rest.Keys;
            await Task.Delay(_options.UnprocessedRetryBackoff.FullJitter(attempt), _time, cancellationToken);
        }
    }

    private static AppliedChange Decode(Dictionary<string, AttributeValue> item)
    {
        var kind = TableKeys.ReadString(item, KindAttribute) switch
        {
            "join" => ChangeKind.Join,
            "leave" => ChangeKind.Leave,
            var other => throw new InvalidDataException($"ledger item has an unknown kind '{other}'"),
        };
        var blocked = item.TryGetValue(BlockedAttribute, out var flag) && flag.BOOL == true;
        return new AppliedChange(kind, new DateTimeOffset(TableKeys.ReadNumber(item, TicksAttribute), TimeSpan.Zero), blocked);
    }

    private static string KindName(ChangeKind kind) => kind switch
    {
        ChangeKind.Join => "join",
        ChangeKind.Leave => "leave",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown change kind"),
    };

    /// <summary>
    /// The tie-break as a number DynamoDB can compare, taken from <see cref="ChangeOrder"/> itself
    /// (how a kind compares to a join at the same instant) so the two can never disagree.
    /// </summary>
    private static int Rank(ChangeKind kind) => Math.Sign(ChangeOrder.Compare(kind, AnyInstant, ChangeKind.Join, AnyInstant));
}
