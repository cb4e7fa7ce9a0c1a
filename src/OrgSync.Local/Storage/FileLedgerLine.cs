using System.Text.Json.Serialization;

namespace OrgSync.Local.Storage;

/// <summary>
/// One line of the ledger log: an entry that moved forward. <c>time</c> is ISO-8601 in UTC with all
/// seven fractional digits, so it round-trips to the exact tick the ordering compares.
/// </summary>
internal sealed record FileLedgerLine(
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("account")] string Account,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("eventId")] string? EventId,
    [property: JsonPropertyName("recordedAt")] string? RecordedAt);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FileLedgerLine))]
internal sealed partial class FileLedgerJsonContext : JsonSerializerContext;
