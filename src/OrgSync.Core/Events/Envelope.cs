using System.Text.Json;

namespace OrgSync.Core.Events;

/// <summary>The validated parts of an EventBridge envelope; <see cref="Detail"/> lives as long as the parsed document.</summary>
/// <param name="Account">The envelope <c>account</c> when it is a string, else null.</param>
internal sealed record Envelope(string EventId, string Source, string DetailType, DateTimeOffset Time, string? Account, JsonElement Detail);
