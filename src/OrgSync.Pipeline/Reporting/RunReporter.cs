using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OrgSync.Core.Applying;
using OrgSync.Core.Events;
using OrgSync.Core.Notifications;
using OrgSync.Core.Observability;
using OrgSync.Core.Planning;
using OrgSync.Core.Prerequisites;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Lambda;
using OrgSync.Pipeline.Membership;
using OrgSync.Pipeline.Notifications;
using OrgSync.Pipeline.Units;

namespace OrgSync.Pipeline.Reporting;

/// <summary>
/// The one place that turns what a run did into log lines and metrics: how each input was classified, what each
/// target unit came to (with the apply's tally), and what each message came to. Every path reports through it,
/// so a figure is counted once, under one name, whichever path produced it.
/// </summary>
public sealed partial class RunReporter(IMetricsSink metrics, ILogger logger)
{
    public static RunReporter For(PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RunReporter(options.Metrics, options.LoggerFactory.CreateLogger("OrgSync.Pipeline"));
    }

    public ILogger Logger => logger;

    public IMetricsSink Metrics => metrics;

    /// <summary>One line per input: invalid (with its reason), ignored (with its reason), or the changes it carries.</summary>
    public void Classified(ClassifiedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (var index = 0; index < batch.Messages.Length; index++)
        {
            var message = batch.Messages[index];
            switch (batch.Classifications[index])
            {
                case Classification.Invalid invalid:
                    using (logger.BeginCorrelationScope(message.MessageId))
                    {
                        LogInvalid(logger, message.MessageId, invalid.Reason);
                    }

                    break;

                case Classification.Ignored ignored:
                    using (logger.BeginCorrelationScope(ignored.EventId))
                    {
                        LogIgnored(logger, message.MessageId, ignored.Reason);
                    }

                    break;

                case Classification.Changes changes:
                    using (logger.BeginCorrelationScope(changes.EventId))
                    {
                        LogChanges(logger, message.MessageId, changes.Source, changes.DetailType, new ChangesText(changes.Items));
                    }

                    break;
            }
        }
    }

    /// <summary>Joins the membership check refused or could not decide (SPEC §3.5), one line each; refusals are counted.</summary>
    public void Lookups(AccountLookups lookups)
    {
        ArgumentNullException.ThrowIfNull(lookups);
        var refused = 0;
        foreach (var (accountId, reason) in lookups.Failures)
        {
            refused += lookups.Of(accountId)?.Refusal is not null ? 1 : 0;
            LogMembership(logger, reason);
        }

        Add(MetricNames.MembershipRefused, refused);
    }

    /// <summary>What one unit came to: its result line and its metrics, under the unit's metrics dimension.</summary>
    public void Target(TargetUnit unit, TargetOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(outcome);
        var dimension = unit.MetricTarget;
        var counts = outcome.Counts ?? ApplyCounts.None;
        Add(MetricNames.Writes, counts.Writes, dimension);
        Add(MetricNames.NoOpReads, counts.NoOpReads, dimension);
        Add(MetricNames.Throttles, counts.Throttles, dimension);
        Add(MetricNames.Retries, counts.Retries, dimension);
        Add(MetricNames.StaleChanges, outcome.StaleChanges, dimension);
        Add(MetricNames.PrerequisitesApplied, counts.Prerequisites, dimension);
        Add(MetricNames.BlockedAccounts, outcome.Blocked.Length, dimension);
        if (outcome.Status == TargetStatus.Failed)
        {
            Add(MetricNames.TargetFailures, 1, dimension);
        }

        if (outcome.Status == TargetStatus.Written)
        {
            var (joined, left) = WrittenAccounts(outcome);
            Add(MetricNames.AccountsJoined, joined, dimension);
            Add(MetricNames.AccountsLeft, left, dimension);
        }

        using var scope = logger.BeginTargetScope(outcome.Key);
        Prerequisites(outcome);
        var tally = string.Create(CultureInfo.InvariantCulture, $"reads={counts.Reads} writes={counts.Writes} retries={counts.Retries} throttles={counts.Throttles}");
        switch (outcome.Status)
        {
            case TargetStatus.Written:
                LogWritten(logger, outcome.Key, new DiffText(outcome.Diff ?? PlanDiff.Empty), outcome.Reason, tally);
                break;
            case TargetStatus.Planned:
                LogPlanned(logger, outcome.Key, new DiffText(outcome.Diff ?? PlanDiff.Empty));
                break;
            case TargetStatus.Unchanged when outcome.IsWarning:
                LogUnchangedWarning(logger, outcome.Key, outcome.Reason);
                break;
            case TargetStatus.Unchanged:
                LogUnchanged(logger, outcome.Key, outcome.Reason);
                break;
            case TargetStatus.Failed:
                LogFailed(logger, outcome.Key, outcome.FailureKind ?? FailureKind.Permanent, outcome.Reason, tally);
                break;
        }
    }

    /// <summary>SPEC §3.5: each prerequisite step (information), each plan warning and each blocked account, once (warnings).</summary>
    private void Prerequisites(TargetOutcome outcome)
    {
        foreach (var warning in outcome.Warnings)
        {
            LogPrerequisiteWarning(logger, outcome.Key, warning);
        }

        foreach (var result in outcome.Prerequisites)
        {
            LogPrerequisite(logger, outcome.Key, result.Step.Operation, result.Step.AccountId, result.Step.Region ?? "global", result.Outcome, result.Reason);
        }

        foreach (var blocked in outcome.Blocked)
        {
            LogBlocked(logger, outcome.Key, blocked.AccountId, blocked.List, blocked.Kind, blocked.Reason);
        }
    }

    /// <summary>What each message came to, and the batch in one line.</summary>
    public void Batch(BatchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var invalid = outcome.Messages.Count(m => m.Status == MessageStatus.Invalid);
        var ignored = outcome.Messages.Count(m => m.Status == MessageStatus.Ignored);
        Add(MetricNames.InvalidMessages, invalid);
        Add(MetricNames.IgnoredMessages, ignored);
        Add(MetricNames.DeadLetters, outcome.Messages.Count(m => m.IsLastDelivery));

        foreach (var message in outcome.Messages.Where(m => m.IsFailure))
        {
            using (logger.BeginCorrelationScope(message.EventId ?? message.MessageId))
            {
                if (message.IsLastDelivery)
                {
                    LogDeadLettered(logger, message.MessageId, message.ReceiveCount ?? 0, message.Reason);
                }
                else if (message.Status == MessageStatus.Failed)
                {
                    // An invalid message was already logged with its reason when it was classified. Without a
                    // receive count the message did not come from SQS (an EventBridge invocation): its retries are
                    // EventBridge's and Lambda's, and there is no delivery number to tell.
                    if (message.ReceiveCount is { } receiveCount)
                    {
                        LogFailed(logger, message.MessageId, receiveCount, message.Reason);
                    }
                    else
                    {
                        LogFailedOutsideSqs(logger, message.MessageId, message.Reason);
                    }
                }
            }
        }

        var succeeded = outcome.Messages.Count(m => m.Status == MessageStatus.Succeeded);
        var failed = outcome.Messages.Count(m => m.Status == MessageStatus.Failed);
        var written = outcome.Targets.Count(t => t.Status == TargetStatus.Written);
        var targetsFailed = outcome.Targets.Count(t => t.Status == TargetStatus.Failed);
        LogBatch(logger, outcome.Messages.Length, succeeded, ignored, invalid, failed, written, targetsFailed);
    }

    /// <summary>The completion events and task callbacks of a batch (SPEC §7): one line each, and their counts. Never a task token.</summary>
    public void Announced(CompletionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var announced in report.Events)
        {
            using var scope = logger.BeginCorrelationScope(announced.EventId);
            var sent = announced.Event;
            if (announced.Result.Status == SendStatus.Sent)
            {
                LogAnnounced(logger, sent.DetailType, sent.AccountId, announced.EventId, sent.NotificationId);
            }
            else
            {
                LogAnnouncementFailed(logger, sent.DetailType, sent.AccountId, announced.EventId, sent.NotificationId, announced.Result.Status, announced.Result.Reason);
            }
        }

        foreach (var callback in report.Callbacks)
        {
            using var scope = logger.BeginCorrelationScope(callback.EventId);
            var what = callback.Callback.Succeeded ? "SendTaskSuccess" : "SendTaskFailure";
            if (callback.Delivered)
            {
                LogCallbackSent(logger, what, callback.EventId);
            }
            else if (callback.Result.Status == SendStatus.TokenClosed)
            {
                LogCallbackClosed(logger, what, callback.EventId, callback.Result.Reason);
            }
            else
            {
                LogCallbackFailed(logger, what, callback.EventId, callback.Result.Status, callback.Result.Reason);
            }
        }

        var eventsSent = report.Events.Count(e => e.Result.Status == SendStatus.Sent);
        var callbacksSent = report.Callbacks.Count(c => c.Delivered);
        Add(MetricNames.NotificationsSent, eventsSent);
        Add(MetricNames.NotificationsFailed, report.Events.Length - eventsSent);
        Add(MetricNames.TaskCallbacksSent, callbacksSent);
        Add(MetricNames.TaskCallbacksFailed, report.Callbacks.Length - callbacksSent);
    }

    /// <summary>Adds a count when there is something to count (EMF lines stay short).</summary>
    public void Add(string name, int value, string? target = null)
    {
        if (value > 0)
        {
            metrics.Add(name, value, target);
        }
    }

    /// <summary>What the write did: accounts added and removed; a channel written is one account joined.</summary>
    private static (int Joined, int Left) WrittenAccounts(TargetOutcome target) =>
        target.Kind == TargetKind.DeliveryChannel
            ? (1, 0)
            : (target.Diff?.Added.Length ?? target.Delta.Joins.Count, target.Diff?.Removed.Length ?? target.Delta.Leaves.Count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} is invalid: {Reason}")]
    private static partial void LogInvalid(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} ignored: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} ({Source} {DetailType}): {Changes}")]
    private static partial void LogChanges(ILogger logger, string messageId, string source, string detailType, ChangesText changes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Membership check: {Reason}")]
    private static partial void LogMembership(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DetailType} for account {AccountId} of event {EventId} announced ({NotificationId})")]
    private static partial void LogAnnounced(ILogger logger, string detailType, string accountId, string eventId, string notificationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{DetailType} for account {AccountId} of event {EventId} ({NotificationId}) not announced ({Status}); it is sent when the message is redelivered: {Reason}")]
    private static partial void LogAnnouncementFailed(ILogger logger, string detailType, string accountId, string eventId, string notificationId, SendStatus status, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Callback} sent for the task of event {EventId}")]
    private static partial void LogCallbackSent(ILogger logger, string callback, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Callback} for the task of event {EventId} refused: the task takes no callback any more (timed out, answered already, or a state machine outside this stack's Region); not retried: {Reason}")]
    private static partial void LogCallbackClosed(ILogger logger, string callback, string eventId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Callback} for the task of event {EventId} not sent ({Status}); it is sent when the message is redelivered: {Reason}")]
    private static partial void LogCallbackFailed(ILogger logger, string callback, string eventId, SendStatus status, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Target}: wrote {Change}: {Reason} ({Tally})")]
    private static partial void LogWritten(ILogger logger, string target, DiffText change, string reason, string tally);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target}: {Warning}")]
    private static partial void LogPrerequisiteWarning(ILogger logger, string target, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Target}: prerequisite {Operation} in account {Account} ({Region}): {Outcome}: {Reason}")]
    private static partial void LogPrerequisite(ILogger logger, string target, PrerequisiteOperation operation, string account, string region, PrerequisiteOutcome outcome, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target}: account {Account} blocked from {List} ({Kind}): {Reason}")]
    private static partial void LogBlocked(ILogger logger, string target, string account, string list, FailureKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Target}: would write {Change}")]
    private static partial void LogPlanned(ILogger logger, string target, DiffText change);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Target}: unchanged: {Reason}")]
    private static partial void LogUnchanged(ILogger logger, string target, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target}: unchanged: {Reason}")]
    private static partial void LogUnchangedWarning(ILogger logger, string target, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target}: failed ({Kind}): {Reason} ({Tally})")]
    private static partial void LogFailed(ILogger logger, string target, FailureKind kind, string reason, string tally);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} failed on delivery {ReceiveCount}; it will be redelivered: {Reason}")]
    private static partial void LogFailed(ILogger logger, string messageId, int receiveCount, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} failed; it will be retried: {Reason}")]
    private static partial void LogFailedOutsideSqs(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} failed on its last delivery ({ReceiveCount}); it goes to the dead-letter queue: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string messageId, int receiveCount, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch of {Messages}: {Succeeded} succeeded, {Ignored} ignored, {Invalid} invalid, {Failed} failed; {Written} target(s) written, {TargetsFailed} failed")]
    private static partial void LogBatch(ILogger logger, int messages, int succeeded, int ignored, int invalid, int failed, int written, int targetsFailed);

    /// <summary>Formats changes only when the line is written.</summary>
    private readonly record struct ChangesText(ImmutableArray<AccountChange> Changes)
    {
        public override string ToString() =>
            string.Join(", ", Changes.Select(c => $"{c.Kind.ToString().ToLowerInvariant()} {c.AccountId} at {c.Time:O}"));
    }

    /// <summary>A count and the first accounts, formatted only when the line is written.</summary>
    private readonly record struct AccountsText(ImmutableArray<string> Accounts)
    {
        public override string ToString() =>
            Accounts.IsEmpty ? "0" : $"{Accounts.Length} ({string.Join(' ', Accounts.Take(10))}{(Accounts.Length > 10 ? " …" : string.Empty)})";
    }

    /// <summary>Formats a diff only when the line is written.</summary>
    private readonly record struct DiffText(PlanDiff Diff)
    {
        public override string ToString()
        {
            var lines = Diff.Describe().ToList();
            return lines.Count == 0 ? "(no detail)" : string.Join("; ", lines);
        }
    }
}
