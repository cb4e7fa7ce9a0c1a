using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;

namespace OrgSync.DynamoDb.Table;

/// <summary>
/// The key schema shared by every item in the table. Each kind of item has its own <c>pk</c> prefix
/// (<c>ledger#</c>, <c>lease#</c>, <c>journal#</c>, <c>announcement#</c>, <c>attempts#</c>), so no scope, key or id of
/// one kind can ever collide with another's.
/// </summary>
internal static class TableKeys
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";

    /// <summary>The TTL attribute (epoch seconds), declared on the table by the SAM template.</summary>
    public const string ExpiresAt = "expiresAt";

    private const string IsoTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    // DynamoDB's limits for key attributes, in UTF-8 bytes.
    private const int MaxPartitionKeyBytes = 2048;
    private const int MaxSortKeyBytes = 1024;

    public static Dictionary<string, AttributeValue> Key(string partition, string sort)
    {
        if (Encoding.UTF8.GetByteCount(partition) > MaxPartitionKeyBytes)
        {
            throw new ArgumentException($"'{Truncate(partition)}' is longer than DynamoDB's {MaxPartitionKeyBytes}-byte partition key limit");
        }

        if (Encoding.UTF8.GetByteCount(sort) > MaxSortKeyBytes)
        {
            throw new ArgumentException($"'{Truncate(sort)}' is longer than DynamoDB's {MaxSortKeyBytes}-byte sort key limit");
        }

        return new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [PartitionKey] = new() { S = partition },
            [SortKey] = new() { S = sort },
        };
    }

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue String(string value) => new() { S = value };

    public static long ReadNumber(Dictionary<string, AttributeValue> item, string name)
    {
        if (item.TryGetValue(name, out var value)
            && value.N is { } text
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        throw new InvalidDataException($"item {Describe(item)} has no integer attribute '{name}'");
    }

    public static string ReadString(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.S is { } text
            ? text
            : throw new InvalidDataException($"item {Describe(item)} has no string attribute '{name}'");

    public static long EpochSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds();

    /// <summary>
    /// An instant as ISO-8601 in UTC with all seven fractional digits: exact to the tick, and fixed-width,
    /// so that such strings sort as their instants do (what a key range over times relies on).
    /// </summary>
    public static string IsoTime(DateTimeOffset time) => time.UtcDateTime.ToString(IsoTimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ReadIsoTime(Dictionary<string, AttributeValue> item, string name)
    {
        var text = ReadString(item, name);
        return DateTimeOffset.TryParseExact(
            text, IsoTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InvalidDataException($"item {Describe(item)} has no {IsoTimeFormat} time in '{name}' (got '{text}')");
    }

    private static string Describe(Dictionary<string, AttributeValue> item) =>
        $"{item.GetValueOrDefault(PartitionKey)?.S}/{item.GetValueOrDefault(SortKey)?.S}";

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
