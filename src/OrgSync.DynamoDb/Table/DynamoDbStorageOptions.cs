using System.Globalization;
using OrgSync.Core.Applying;

namespace OrgSync.DynamoDb.Table;

/// <summary>
/// Where and how long OrgSync keeps its state in the one DynamoDB table its stores share — the
/// membership ledger, the target leases, the write journal, the announcements and the delivery attempts (<c>pk</c> S,
/// <c>sk</c> S, TTL on <c>expiresAt</c>).
/// </summary>
public sealed record DynamoDbStorageOptions
{
    public const string TableNameVariable = "ORGSYNC_TABLE_NAME";
    public const string LedgerRetentionDaysVariable = "ORGSYNC_LEDGER_RETENTION_DAYS";

    /// <summary>
    /// The shortest ledger retention that still keeps processing idempotent: a message can be
    /// redelivered for up to SQS's maximum retention (14 days) and EventBridge retries a target for
    /// up to 24 hours before that; an entry that expired earlier would let a duplicate apply twice.
    /// </summary>
    public static readonly TimeSpan MinimumLedgerRetention = TimeSpan.FromDays(15);

    public DynamoDbStorageOptions(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        TableName = tableName;
    }

    public string TableName { get; }

    /// <summary>
    /// How long a ledger entry lives after it was recorded (its <c>expiresAt</c>). Default 400 days:
    /// far beyond the 15 days a redelivery can take, so that also an EventBridge archive replay or a
    /// dead-letter redrive within a year is still recognised as stale or duplicate. An entry is a few
    /// hundred bytes per target and account, so the long retention costs next to nothing; the TTL only
    /// exists so that targets and accounts that are long gone do not stay in the table forever.
    /// </summary>
    public TimeSpan LedgerRetention
    {
        get;
        init
        {
            if (value < MinimumLedgerRetention)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(LedgerRetention), value, $"the ledger retention must be at least {MinimumLedgerRetention.TotalDays} days (SQS retention + EventBridge retries)");
            }

            field = value;
        }
    } = TimeSpan.FromDays(400);

    /// <summary>
    /// How long a lease item outlives its lease before TTL may delete it. Deleting it resets the
    /// fencing token, which is harmless only once no holder of an older grant can still be running
    /// (a Lambda invocation lasts at most 15 minutes), so this is kept at a day.
    /// </summary>
    public TimeSpan LeaseItemRetention
    {
        get;
        init
        {
            if (value < TimeSpan.FromHours(1))
            {
                throw new ArgumentOutOfRangeException(nameof(LeaseItemRetention), value, "a lease item must outlive its lease by at least an hour");
            }

            field = value;
        }
    } = TimeSpan.FromDays(1);

    /// <summary>How many conditional writes one <c>RecordAsync</c> keeps in flight.</summary>
    public int MaxConcurrentWrites
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxConcurrentWrites), value, "must be at least 1");
    } = 8;

    /// <summary>
    /// The waits before asking again for work DynamoDB handed back unprocessed inside a success (the SDK
    /// itself retries throttled and failed requests): full jitter, 25 ms doubling up to 2 s, reset whenever
    /// a round made progress. Seed its <see cref="ExponentialBackoff.Random"/> for repeatable runs.
    /// </summary>
    public ExponentialBackoff UnprocessedRetryBackoff { get; init; } = new(TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(2), Random.Shared);

    /// <summary>
    /// The options from the Lambda environment, or null when <c>ORGSYNC_TABLE_NAME</c> is unset (the
    /// caller then uses the in-memory stores, which only tests should do).
    /// </summary>
    public static DynamoDbStorageOptions? FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var tableName = getVariable(TableNameVariable);
        return string.IsNullOrWhiteSpace(tableName) ? null : ForTable(tableName, getVariable);
    }

    /// <summary>
    /// The options for <paramref name="tableName"/>, with the settings the environment gives
    /// (<c>ORGSYNC_LEDGER_RETENTION_DAYS</c>); the environment's table name plays no part.
    /// </summary>
    public static DynamoDbStorageOptions ForTable(string tableName, Func<string, string?>? getVariable = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        getVariable ??= Environment.GetEnvironmentVariable;
        var options = new DynamoDbStorageOptions(tableName.Trim());
        var retentionDays = getVariable(LedgerRetentionDaysVariable);
        if (string.IsNullOrWhiteSpace(retentionDays))
        {
            return options;
        }

        if (!int.TryParse(retentionDays, NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            || days < MinimumLedgerRetention.TotalDays)
        {
            throw new ArgumentException(
                $"{LedgerRetentionDaysVariable} must be a whole number of days, at least {MinimumLedgerRetention.TotalDays}; got '{retentionDays}'");
        }

        return options with { LedgerRetention = TimeSpan.FromDays(days) };
    }
}
