using System.Text.Json.Serialization;

namespace OrgSync.Local.Running;

/// <summary>A prerequisite step the run sent in a member account (SPEC §3.5), and what it came to.</summary>
/// <param name="Region">The Region of the call; null for IAM (global).</param>
/// <param name="Outcome">A <see cref="Core.Prerequisites.PrerequisiteOutcome"/> name, e.g. <c>Authorized</c>, <c>RoleMissing</c>.</param>
public sealed record PrerequisiteEntry(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("account")] string Account,
    [property: JsonPropertyName("region")] string? Region,
    [property: JsonPropertyName("operation")] string Operation,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("reason")] string Reason);
