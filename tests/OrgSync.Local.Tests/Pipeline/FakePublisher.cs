using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OrgSync.Core.Notifications;
using OrgSync.Core.Targets;

namespace OrgSync.Local.Tests.Pipeline;

/// <summary>
/// EventBridge and Step Functions as far as the completion step can tell: what reached them (<see cref="Events"/>,
/// <see cref="Callbacks"/>), every attempt and its result, and scripted fates. A lost response is delivered and answered
/// <see cref="SendStatus.Unknown"/>; a refusal is not delivered. A token takes one callback, then answers closed.
/// </summary>
internal sealed class FakePublisher : INotificationPublisher
{
    private readonly ConcurrentDictionary<string, bool> _closedTokens = new(StringComparer.Ordinal);

    /// <summary>What an event send comes to (default: sent).</summary>
    public Func<CompletionEvent, SendStatus> EventFate { get; set; } = _ => SendStatus.Sent;

    /// <summary>What a callback send comes to when the token is open (default: sent).</summary>
    public Func<string, SendStatus> CallbackFate { get; set; } = _ => SendStatus.Sent;

    /// <summary>Events that reached the bus, in order (a lost response's too).</summary>
    public ConcurrentQueue<(NotificationSettings Destination, CompletionEvent Event)> Events { get; } = new();

    /// <summary>Callbacks Step Functions took, in order.</summary>
    public ConcurrentQueue<(string TaskToken, TaskCallback Callback)> Callbacks { get; } = new();

    public ConcurrentQueue<(string NotificationId, SendStatus Status)> EventAttempts { get; } = new();

    public ConcurrentQueue<(string TaskToken, SendStatus Status)> CallbackAttempts { get; } = new();

    public ImmutableArray<CompletionEvent> Delivered => [.. Events.Select(e => e.Event)];

    public Task<ImmutableArray<SendResult>> PublishAsync(
        NotificationSettings destination, IReadOnlyList<CompletionEvent> events, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var results = events.Select(e =>
        {
            var status = EventFate(e);
            EventAttempts.Enqueue((e.NotificationId, status));
            if (status is SendStatus.Sent or SendStatus.Unknown)
            {
                Events.Enqueue((destination, e));
            }

            return new SendResult(status, status == SendStatus.Sent ? string.Empty : $"scripted {status}");
        });
        return Task.FromResult(results.ToImmutableArray());
    }

    public Task<SendResult> SendTaskCallbackAsync(string taskToken, TaskCallback callback, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var status = _closedTokens.ContainsKey(taskToken) ? SendStatus.TokenClosed : CallbackFate(taskToken);
        CallbackAttempts.Enqueue((taskToken, status));
        if (status is SendStatus.Sent or SendStatus.Unknown && _closedTokens.TryAdd(taskToken, true))
        {
            Callbacks.Enqueue((taskToken, callback));
        }

        return Task.FromResult(new SendResult(status, status == SendStatus.Sent ? string.Empty : $"scripted {status}"));
    }

    /// <summary>A custom request of <see cref="Support.Org.Custom"/> with a request id and a task token.</summary>
    public static string WithTask(string body, string? taskToken, string? requestId = null)
    {
        var node = JsonNode.Parse(body)!;
        if (taskToken is not null)
        {
            node["detail"]!["taskToken"] = taskToken;
        }

        if (requestId is not null)
        {
            node["detail"]!["requestId"] = requestId;
        }

        return node.ToJsonString();
    }
}
