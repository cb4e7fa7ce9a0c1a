using System.Text.Json.Serialization;

namespace OrgSync.Local.Storage;

/// <summary>
/// One line of the ledger log: a state change, told apart by <c>kind</c>. Times are ISO-8601 in UTC with
/// all seven fractional digits, so they round-trip to the exact tick. Unused properties are omitted, and the
/// properties keep the first format's order, so that a membership line is byte for byte what it always was.
/// <list type="bullet">
/// <item><c>join</c> | <c>leave</c>: a membership entry moved forward — <c>scope</c>, <c>account</c>,
/// <c>time</c>, <c>eventId</c>?, <c>recordedAt</c>? (the only kinds of the first format), and <c>blocked</c>: <c>true</c>
/// when a prerequisite kept the account out of a list (written only then; a line without it is not blocked).</item>
/// <item><c>write</c>: a write journal record — <c>scope</c>, <c>writeId</c>, <c>at</c>, <c>accountsChanged</c>, <c>recordedAt</c>.</item>
/// <item><c>claim</c>: <c>owner</c> holds <c>announcement</c> until <c>until</c>, with the <c>payload</c>? stored at its first claim.</item>
/// <item><c>complete</c>: <c>announcement</c> was made by its claimant <c>owner</c> — <c>until</c>, <c>payload</c>?, <c>recordedAt</c>.</item>
/// <item><c>release</c>: the claim on <c>announcement</c> was given up (by <c>owner</c>, when a claimant did); with a
/// <c>payload</c>, that payload and the claim's <c>until</c> are kept for the next claimant.</item>
/// </list>
/// </summary>
internal sealed record FileLedgerLine
{
    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("account")]
    public string? Account { get; init; }

    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("time")]
    public string? Time { get; init; }

    [JsonPropertyName("eventId")]
    public string? EventId { get; init; }

    [JsonPropertyName("recordedAt")]
    public string? RecordedAt { get; init; }

    [JsonPropertyName("writeId")]
    public string? WriteId { get; init; }

    [JsonPropertyName("at")]
    public string? At { get; init; }

    [JsonPropertyName("accountsChanged")]
    public int? AccountsChanged { get; init; }

    [JsonPropertyName("announcement")]
    public string? Announcement { get; init; }

    [JsonPropertyName("owner")]
    public string? Owner { get; init; }

    [JsonPropertyName("until")]
    public string? Until { get; init; }

    [JsonPropertyName("payload")]
    public string? Payload { get; init; }

    [JsonPropertyName("blocked")]
    public bool? Blocked { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FileLedgerLine))]
internal sealed partial class FileLedgerJsonContext : JsonSerializerContext;
