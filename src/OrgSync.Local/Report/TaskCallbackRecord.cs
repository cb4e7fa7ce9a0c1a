using System.Text.Json.Serialization;

namespace OrgSync.Local.Report;

/// <summary>A Step Functions task callback the run made (SPEC §7); never the token.</summary>
/// <param name="Input">The custom request that carried the token, when it was one of the run's.</param>
/// <param name="Status"><c>SUCCESS</c> or <c>FAILURE</c>.</param>
public sealed record TaskCallbackRecord(
    [property: JsonPropertyName("input")] string? Input,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("cause")] string? Cause);
