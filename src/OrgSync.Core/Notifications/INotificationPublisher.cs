using System.Collections.Immutable;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Notifications;

/// <summary>
/// Where completion events and Step Functions task callbacks go (SPEC §7): EventBridge <c>PutEvents</c> and
/// <c>SendTaskSuccess</c> / <c>SendTaskFailure</c> behind a port, so the pipeline can be tested without AWS and
/// served by the emulator or AWS. Throttling and server errors are retried inside the call, within the deadline;
/// what is left is a result, never an exception.
/// </summary>
public interface INotificationPublisher
{
    /// <summary>
    /// Puts one event per <paramref name="events"/> entry (its <c>detail-type</c> and <c>detail</c>) on
    /// <paramref name="destination"/>'s bus with its <c>source</c>; one result per event, in order. An event
    /// EventBridge accepted is never sent again; only an unknown outcome may have put it twice.
    /// </summary>
    Task<ImmutableArray<SendResult>> PublishAsync(
        NotificationSettings destination, IReadOnlyList<CompletionEvent> events, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>
    /// Completes the Step Functions task of <paramref name="taskToken"/>: <c>SendTaskSuccess</c> with the output,
    /// or <c>SendTaskFailure</c> with the error and cause. <see cref="SendStatus.TokenClosed"/> when the token takes
    /// no callback and no earlier attempt of this call may have landed.
    /// </summary>
    Task<SendResult> SendTaskCallbackAsync(string taskToken, TaskCallback callback, DateTimeOffset deadline, CancellationToken cancellationToken);
}
