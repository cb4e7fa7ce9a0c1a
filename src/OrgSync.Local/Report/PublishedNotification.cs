using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace OrgSync.Local.Report;

/// <summary>A completion event the run put on the bus (SPEC §7), once per notification id, as the summary lists it.</summary>
/// <param name="Input">The input it announces (by its envelope id), when it was one of the run's.</param>
/// <param name="Outcomes">How many of its targets came to each outcome (<c>applied</c>, <c>failed</c>, …).</param>
/// <param name="Sends">How often the bus received it: more than once only after a lost response, every copy the same.</param>
public sealed record PublishedNotification(
    [property: JsonPropertyName("input")] string? Input,
    [property: JsonPropertyName("detailType")] string DetailType,
    [property: JsonPropertyName("accountId")] string? AccountId,
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("notificationId")] string? NotificationId,
    [property: JsonPropertyName("outcomes")] ImmutableSortedDictionary<string, int> Outcomes,
    [property: JsonPropertyName("sends")] int Sends);
