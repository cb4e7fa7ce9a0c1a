using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OrgSync.Core.Membership;
using OrgSync.Core.Notifications;
using OrgSync.Core.Targets;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Pipeline.Notifications;

/// <summary>
/// The completion step of a batch (SPEC §7), run after its units: announces every (input, account) whose outcome is
/// final on every target it concerns — or, on the input's last delivery, whatever it is — exactly once, and answers
/// each custom request's task token once all its accounts are announced.
/// <list type="number">
/// <item>Claim each announcement in the ledger with its payload (the event's detail; the callback). The ledger hands
/// back the payload stored by the first claim, which is what is sent: a redelivery recomputes outcomes ("applied"
/// becomes "already in place"), but a resend must be the first send, byte for byte.</item>
/// <item>Send what this run claimed: the events in one go (<see cref="INotificationPublisher.PublishAsync"/>), then the
/// callbacks.</item>
/// <item>Complete what was sent; release what was not — certainly not, or perhaps (a lost response): the message fails
/// with why, SQS redelivers it, and the redelivery claims and sends the stored payload again (for a lost response, the
/// one duplicate SPEC §7 allows, with the same <c>notificationId</c> and <c>detail</c>). The writes are not repeated:
/// the ledger has them. A callback refused as closed (<c>TaskTimedOut</c>, <c>InvalidToken</c>) is complete — after a
/// lost response that is the first call having landed, otherwise nothing can ever deliver it.</item>
/// </list>
/// Another claimant's unexpired claim is its to finish (its message fails and comes back if it cannot); a completed
/// one is never sent again.
/// </summary>
public sealed partial class CompletionAnnouncer(
    INotificationPublisher publisher, IAnnouncementLedger announcements, NotificationSettings settings, PipelineOptions options, ILogger logger)
{
    /// <param name="outcomes">What each message of the batch came to so far (by index).</param>
    public async Task<CompletionReport> AnnounceAsync(
        ClassifiedBatch batch, ImmutableArray<MessageCompletion> completions, IReadOnlyList<MessageOutcome> outcomes, BatchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(context);
        if (completions.IsDefaultOrEmpty)
        {
            return CompletionReport.None;
        }

        var run = new AnnouncementRun(
            announcements, options.Time, logger, $"{context.InvocationId}/announce/{Guid.NewGuid():N}", context.Deadline + options.LeaseMargin, options.WorkDeadline(context.Deadline));
        var (due, waiting) = Due(batch, completions, outcomes, run);
        var tickets = await run.ClaimAsync(
            due,
            pending => new AnnouncementRun.Claim(
                pending.Notice.NotificationId, CompletionEvent.From(pending.Notice).Detail, pending.MessageId, $"account {pending.Notice.AccountId}: its completion event"),
            cancellationToken).ConfigureAwait(false);
        var events = await PublishAsync(due, tickets, run, cancellationToken).ConfigureAwait(false);
        var callbacks = await CallBackAsync(batch, completions, due, tickets, run, cancellationToken).ConfigureAwait(false);
        return new CompletionReport(events, callbacks, run.Failures(), waiting);
    }

    /// <summary>
    /// The announcements due now, the first input of the batch for each (duplicates of an input announce once), and how
    /// many wait for a redelivery. An input that succeeds with an outcome still open comes back too, so that it announces.
    /// </summary>
    private (ImmutableArray<Pending> Due, int Waiting) Due(ClassifiedBatch batch, ImmutableArray<MessageCompletion> completions, IReadOnlyList<MessageOutcome> outcomes, AnnouncementRun run)
    {
        var due = new Dictionary<string, Pending>(StringComparer.Ordinal);
        var order = ImmutableArray.CreateBuilder<Pending>();
        var open = new List<(MessageCompletion Completion, AccountSyncNotice Notice)>();
        bool IsLastDelivery(int index) => options.IsLastDelivery(batch.Messages[index].ReceiveCount);

        // A copy of the same input on an earlier delivery comes back with it: not the last chance to announce it yet.
        var comingBack = completions.Where(completion => !IsLastDelivery(completion.Message))
            .SelectMany(completion => completion.Notices.Select(notice => notice.NotificationId))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var completion in completions)
        {
            var message = batch.Messages[completion.Message];
            var lastDelivery = IsLastDelivery(completion.Message);
            foreach (var notice in completion.Notices)
            {
                if (!notice.IsFinal && (!lastDelivery || comingBack.Contains(notice.NotificationId)))
                {
                    open.Add((completion, notice));
                }
                else if (due.TryAdd(notice.NotificationId, new Pending(message.MessageId, completion.Changes.EventId, notice)))
                {
                    order.Add(due[notice.NotificationId]);
                }
            }
        }

        var waiting = 0;
        foreach (var (completion, notice) in open.Where(item => !due.ContainsKey(item.Notice.NotificationId)))
        {
            if (outcomes[completion.Message].IsFailure)
            {
                waiting++;
            }
            else
            {
                var target = notice.Targets.First(target => !target.IsFinal);
                run.Fail(
                    batch.Messages[completion.Message].MessageId,
                    $"account {notice.AccountId}: {target.Target} is not settled yet ({target.Reason}); the message comes back to announce it");
            }
        }

        return (order.ToImmutable(), waiting);
    }

    private async Task<ImmutableArray<EventAnnouncement>> PublishAsync(
        ImmutableArray<Pending> due, ImmutableArray<AnnouncementTicket?> tickets, AnnouncementRun run, CancellationToken cancellationToken)
    {
        var claimed = Enumerable.Range(0, due.Length).Where(i => tickets[i]?.Outcome == AnnouncementClaim.Claimed).ToList();
        if (claimed.Count == 0)
        {
            return [];
        }

        var events = claimed.Select(i => EventOf(tickets[i]!, due[i].Notice)).ToList();
        ImmutableArray<SendResult> results;
        try
        {
            results = await publisher.PublishAsync(settings, events, run.Deadline, cancellationToken).ConfigureAwait(false);
            if (results.Length != events.Count)
            {
                throw new InvalidOperationException($"the publisher answered {results.Length} results for {events.Count} events");
            }
        }
        catch (Exception exception)
        {
            // Whatever went wrong, some of the events may have been put.
            results = [.. events.Select(_ => SendResult.Unknown($"{exception.GetType().Name}: {exception.Message}"))];
        }

        var announced = ImmutableArray.CreateBuilder<EventAnnouncement>(claimed.Count);
        for (var k = 0; k < claimed.Count; k++)
        {
            var pending = due[claimed[k]];
            announced.Add(new EventAnnouncement(pending.MessageId, pending.EventId, events[k], results[k]));
        }

        await run.SettleAsync(
            announced.Count,
            k => (events[k].NotificationId, results[k].Status == SendStatus.Sent),
            k => run.Fail(
                announced[k].MessageId,
                $"account {events[k].AccountId}: its completion event could not be sent ({results[k].Reason}); it is sent when the message is redelivered")).ConfigureAwait(false);
        return announced.MoveToImmutable();
    }

    /// <summary>The task callback of every custom request with a token whose accounts all have their announcement by now.</summary>
    private async Task<ImmutableArray<CallbackAnnouncement>> CallBackAsync(
        ClassifiedBatch batch,
        ImmutableArray<MessageCompletion> completions,
        ImmutableArray<Pending> due,
        ImmutableArray<AnnouncementTicket?> tickets,
        AnnouncementRun run,
        CancellationToken cancellationToken)
    {
        var announced = new Dictionary<string, AnnouncementTicket>(StringComparer.Ordinal);
        for (var i = 0; i < due.Length; i++)
        {
            if (tickets[i] is { } ticket)
            {
                announced[due[i].Notice.NotificationId] = ticket;
            }
        }

        var requests = new List<Request>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var completion in completions)
        {
            if (completion.Changes.TaskToken is not { } token || !seen.Add(completion.Changes.EventId))
            {
                continue;
            }

            // An account without an announcement yet fails or waits with its message, whose redelivery answers the task.
            var accounts = completion.Notices
                .Select(notice => announced.TryGetValue(notice.NotificationId, out var ticket) ? EventOf(ticket, notice) : null)
                .ToList();
            if (accounts.All(account => account is not null))
            {
                var changes = completion.Changes;
                requests.Add(new Request(batch.Messages[completion.Message].MessageId, changes.EventId, token, TaskCallback.For(changes.EventId, changes.RequestId, accounts!)));
            }
        }

        if (requests.Count == 0)
        {
            return [];
        }

        var callbackTickets = await run.ClaimAsync(
            [.. requests],
            request => new AnnouncementRun.Claim(TaskCallback.IdFor(request.EventId), request.Callback.ToPayload(), request.MessageId, "its Step Functions task callback"),
            cancellationToken).ConfigureAwait(false);
        var sends = Enumerable.Range(0, requests.Count).Where(i => callbackTickets[i]?.Outcome == AnnouncementClaim.Claimed).ToList();
        var results = new CallbackAnnouncement[sends.Count];
        await AnnouncementRun.ForEachAsync(sends.Count, async k =>
        {
            var (request, ticket) = (requests[sends[k]], callbackTickets[sends[k]]!);
            var callback = CallbackOf(ticket, request.Callback);
            SendResult result;
            try
            {
                result = await publisher.SendTaskCallbackAsync(request.TaskToken, callback, run.Deadline, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                result = SendResult.Unknown($"{exception.GetType().Name}: {exception.Message}");
            }

            results[k] = new CallbackAnnouncement(request.MessageId, request.EventId, callback, result, ticket.IsRetry);
        }).ConfigureAwait(false);

        await run.SettleAsync(
            results.Length,
            k => (TaskCallback.IdFor(results[k].EventId), results[k].Result.Status is SendStatus.Sent or SendStatus.TokenClosed),
            k => run.Fail(results[k].MessageId, $"its Step Functions task callback could not be sent ({results[k].Result.Reason}); it is sent when the message is redelivered"))
            .ConfigureAwait(false);
        return [.. results];
    }

    /// <summary>The event as stored with the first claim (the notice itself only if the stored detail cannot be read).</summary>
    private CompletionEvent EventOf(AnnouncementTicket ticket, AccountSyncNotice notice)
    {
        try
        {
            return CompletionEvent.FromDetail(ticket.Payload);
        }
        catch (FormatException exception)
        {
            LogUnreadablePayload(logger, notice.NotificationId, exception.Message);
            return CompletionEvent.From(notice);
        }
    }

    private TaskCallback CallbackOf(AnnouncementTicket ticket, TaskCallback computed)
    {
        try
        {
            return TaskCallback.FromPayload(ticket.Payload);
        }
        catch (FormatException exception)
        {
            LogUnreadablePayload(logger, "task callback", exception.Message);
            return computed;
        }
    }

    private sealed record Pending(string MessageId, string EventId, AccountSyncNotice Notice);

    private sealed record Request(string MessageId, string EventId, string TaskToken, TaskCallback Callback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored payload of {Announcement} cannot be read ({Problem}); sending what this delivery computed")]
    private static partial void LogUnreadablePayload(ILogger logger, string announcement, string problem);


}
