using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrgSync.Core.Events;
using OrgSync.Local.Inputs;

namespace OrgSync.Local.Report;

/// <summary>
/// What a run announced, read from the emulator's state: the <c>publishedEvents</c> and <c>taskResults</c> appended
/// since the state before (the logs only grow), tied back to the inputs by envelope id and task token.
/// </summary>
public sealed record NotificationLog(ImmutableArray<PublishedNotification> Notifications, ImmutableArray<TaskCallbackRecord> TaskCallbacks)
{
    public static NotificationLog Empty { get; } = new([], []);

    public static NotificationLog Read(string stateBefore, string stateAfter, IEnumerable<InputMessage> inputs, ClassifierOptions classifier)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var (byEvent, byToken) = Index(inputs, classifier);
        var notifications = Appended(stateBefore, stateAfter, "publishedEvents")
            .Select(Describe)
            .GroupBy(n => n.NotificationId ?? n.Detail, StringComparer.Ordinal)
            .Select(copies => copies.First().Summary(byEvent, copies.Count()))
            .ToImmutableArray();
        var callbacks = Appended(stateBefore, stateAfter, "taskResults")
            .Select(result => new TaskCallbackRecord(
                Text(result["taskToken"]) is { } token ? byToken.GetValueOrDefault(token) : null,
                Text(result["status"]) ?? "?",
                Text(result["error"]),
                Text(result["cause"])))
            .ToImmutableArray();
        return new NotificationLog(notifications, callbacks);
    }

    private static (Dictionary<string, string> ByEvent, Dictionary<string, string> ByToken) Index(IEnumerable<InputMessage> inputs, ClassifierOptions classifier)
    {
        var byEvent = new Dictionary<string, string>(StringComparer.Ordinal);
        var byToken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (EventClassifier.Classify(input.Body, classifier) is Classification.Changes changes)
            {
                byEvent.TryAdd(changes.EventId, input.Name);
                if (changes.TaskToken is { } token)
                {
                    byToken.TryAdd(token, input.Name);
                }
            }
        }

        return (byEvent, byToken);
    }

    private static IEnumerable<JsonObject> Appended(string before, string after, string member)
    {
        var skip = (JsonNode.Parse(before)?[member] as JsonArray)?.Count ?? 0;
        return ((JsonNode.Parse(after)?[member] as JsonArray) ?? []).Skip(skip).OfType<JsonObject>();
    }

    private static Described Describe(JsonObject published)
    {
        var detail = Text(published["Detail"]) ?? "{}";
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(detail);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        var outcomes = ((parsed?["targets"] as JsonArray) ?? [])
            .Select(target => Text(target?["outcome"]) ?? "?")
            .GroupBy(outcome => outcome, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        return new Described(
            Text(published["DetailType"]) ?? "?", detail, Text(parsed?["notificationId"]), Text(parsed?["accountId"]), Text(parsed?["action"]), Text(parsed?["eventId"]), outcomes);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private sealed record Described(
        string DetailType, string Detail, string? NotificationId, string? AccountId, string? Action, string? EventId, ImmutableSortedDictionary<string, int> Outcomes)
    {
        public PublishedNotification Summary(Dictionary<string, string> byEvent, int sends) =>
            new(EventId is null ? null : byEvent.GetValueOrDefault(EventId), DetailType, AccountId, Action, NotificationId, Outcomes, sends);
    }
}
