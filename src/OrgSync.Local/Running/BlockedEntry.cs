using System.Text.Json.Serialization;

namespace OrgSync.Local.Running;

/// <summary>An account a prerequisite kept out of one list of a target (SPEC §3.5), with the reason of the last delivery that tried.</summary>
/// <param name="Permanent">An SCP deny or another refusal no retry can pass.</param>
public sealed record BlockedEntry(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("account")] string Account,
    [property: JsonPropertyName("list")] string List,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("permanent")] bool Permanent);
