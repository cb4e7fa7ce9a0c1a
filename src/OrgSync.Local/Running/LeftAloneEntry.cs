using System.Text.Json.Serialization;

namespace OrgSync.Local.Running;

/// <summary>A resource the run read and left alone because it is someone else's to manage (a Control Tower channel, SPEC §3.5).</summary>
public sealed record LeftAloneEntry(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("reason")] string Reason);
