using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using OrgSync.Core.Membership;
using OrgSync.DynamoDb.Table;

namespace OrgSync.DynamoDb.Journal;

/// <summary>
/// The write journal in DynamoDB: per record two items in the scope's partition.
/// <code>
/// pk = "journal#&lt;scope&gt;"   sk = "write#&lt;write id&gt;"          the write id's first record (what makes recording idempotent)
/// at              S  the record's time, ISO-8601 with seven fractional digits
/// accountsChanged N
/// recordedAt      S  when it was first recorded
/// expiresAt       N  TTL, epoch seconds: recordedAt + <see cref="IWriteJournal.Retention"/>
///
/// pk = "journal#&lt;scope&gt;"   sk = "at#&lt;at&gt;#&lt;write id&gt;"       the entry a count reads
/// accountsChanged N
/// expiresAt       N  TTL, epoch seconds: at + <see cref="IWriteJournal.Retention"/>
/// </code>
/// The fixed-width time in the sort key makes "since" a key range: one consistent <c>Query</c>
/// (<c>sk BETWEEN "at#&lt;since&gt;" AND "at#~"</c>, every page) sums a window. The entry's sort key holds the
/// time, so a retry that came with another time would land on another item: the <c>write#</c> item,
/// put only where none exists, fixes the write id's time and count first, and every recorder writes the
/// entry from it. A crash between the two puts leaves the write uncounted until its record is retried;
/// the retry then completes it. No transaction is needed (each put is idempotent on its own).
/// </summary>
public sealed class DynamoDbWriteJournal : IWriteJournal
{
    private const string PartitionPrefix = "journal#";
    private const string WritePrefix = "write#";
    private const string EntryPrefix = "at#";

    // Above every "at#<ISO time>…" (ISO times start with a digit): the open end of a "since" range.
    private const string EntryRangeEnd = EntryPrefix + "~";

    private const string AtAttribute = "at";
    private const string AccountsAttribute = "accountsChanged";
    private const string RecordedAtAttribute = "recordedAt";

    private readonly IAmazonDynamoDB _client;
    private readonly DynamoDbStorageOptions _options;
    private readonly TimeProvider _time;

    public DynamoDbWriteJournal(IAmazonDynamoDB client, DynamoDbStorageOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public async Task RecordWriteAsync(string scope, string writeId, DateTimeOffset at, int accountsChanged, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        var entry = new WriteJournalEntry(writeId, at, accountsChanged);
        cancellationToken.ThrowIfCancellationRequested();

        var now = _time.GetUtcNow();
        if (entry.At < now - IWriteJournal.Retention)
        {
            return;
        }

        var partition = PartitionPrefix + scope;
        var first = await FirstRecordAsync(partition, entry, now, cancellationToken);

        // The same item, with the same attributes, whoever writes it and however often: no condition needed.
        var item = TableKeys.Key(partition, EntryPrefix + TableKeys.IsoTime(first.At) + "#" + first.WriteId);
        item[AccountsAttribute] = TableKeys.Number(first.AccountsChanged);
        item[TableKeys.ExpiresAt] = TableKeys.Number(TableKeys.EpochSeconds(first.At + IWriteJournal.Retention));
        await _client.PutItemAsync(new PutItemRequest { TableName = _options.TableName, Item = item }, cancellationToken);
    }

    public async Task<long> CountSinceAsync(string scope, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        cancellationToken.ThrowIfCancellationRequested();

        var request = new QueryRequest
        {
            TableName = _options.TableName,
            ConsistentRead = true,
            KeyConditionExpression = "#pk = :pk AND #sk BETWEEN :from AND :to",
            ProjectionExpression = "#accounts",
            ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["#pk"] = TableKeys.PartitionKey,
                ["#sk"] = TableKeys.SortKey,
                ["#accounts"] = AccountsAttribute,
            },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":pk"] = TableKeys.String(PartitionPrefix + scope),
                [":from"] = TableKeys.String(EntryPrefix + TableKeys.IsoTime(since)),
                [":to"] = TableKeys.String(EntryRangeEnd),
            },
        };

        long total = 0;
        do
        {
            var response = await _client.QueryAsync(request, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                total += TableKeys.ReadNumber(item, AccountsAttribute);
            }

            // A page ends at 1 MB (or at a Limit); the last one carries no key.
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);

        return total;
    }

    /// <summary>The write id's first record: <paramref name="entry"/> when this call is first, else the one stored.</summary>
    private async Task<WriteJournalEntry> FirstRecordAsync(string partition, WriteJournalEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = TableKeys.Key(partition, WritePrefix + entry.WriteId);
        var item = new Dictionary<string, AttributeValue>(key, StringComparer.Ordinal)
        {
            [AtAttribute] = TableKeys.String(TableKeys.IsoTime(entry.At)),
            [AccountsAttribute] = TableKeys.Number(entry.AccountsChanged),
            [RecordedAtAttribute] = TableKeys.String(TableKeys.IsoTime(now)),
            [TableKeys.ExpiresAt] = TableKeys.Number(TableKeys.EpochSeconds(now + IWriteJournal.Retention)),
        };

        // Twice at most: only when TTL deleted the first record between our put and our read.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _client.PutItemAsync(
                    new PutItemRequest
                    {
                        TableName = _options.TableName,
                        Item = item,
                        ConditionExpression = "attribute_not_exists(#pk)",
                        ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal) { ["#pk"] = TableKeys.PartitionKey },
                    },
                    cancellationToken);
                return entry;
            }
            catch (ConditionalCheckFailedException) when (attempt < 2)
            {
                var response = await _client.GetItemAsync(
                    new GetItemRequest
                    {
                        TableName = _options.TableName,
                        Key = key,
                        ConsistentRead = true,
                        ProjectionExpression = "#at, #accounts",
                        ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            ["#at"] = AtAttribute,
                            ["#accounts"] = AccountsAttribute,
                        },
                    },
                    cancellationToken);
                if (response.Item is { Count: > 0 } stored)
                {
                    return new WriteJournalEntry(
                        entry.WriteId, TableKeys.ReadIsoTime(stored, AtAttribute), checked((int)TableKeys.ReadNumber(stored, AccountsAttribute)));
                }
            }
        }
    }
}
