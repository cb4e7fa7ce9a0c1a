using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Applying;
using OrgSync.Core.Events;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Core.Observability;
using OrgSync.Core.Targets;
using OrgSync.Pipeline.Lambda;
using OrgSync.Pipeline.Targets;

namespace OrgSync.Pipeline.Batches;

/// <summary>
/// The handler pipeline shared by the SQS and EventBridge functions and <c>orgsync local</c>:
/// classify every message → collapse the batch's changes per account (newest wins) → for every target,
/// concurrently (bounded): lease → ledger read → drop what the ledger already has → delta → apply
/// (fenced by the lease) → record in the ledger on success only → release. One read and at most one
/// write per target per batch, whatever the number of messages. A failed target fails exactly the
/// messages that contributed a change to it (and still records the changes that cannot reach it, whose
/// messages succeed); an invalid message fails alone.
/// </summary>
/// <remarks>Never throws for a bad message or a failed target; cancellation fails the unfinished targets.</remarks>
public sealed partial class BatchProcessor
{
    private readonly TargetsFile _targets;
    private readonly ITargetAppliers _appliers;
    private readonly IMembershipLedger _ledger;
    private readonly ITargetLease _lease;
    private readonly PipelineOptions _options;
    private readonly ILogger _logger;

    public BatchProcessor(TargetsFile targets, ITargetAppliers appliers, IMembershipLedger ledger, ITargetLease lease, PipelineOptions? options = null)
    {
        _targets = targets ?? throw new ArgumentNullException(nameof(targets));
        _appliers = appliers ?? throw new ArgumentNullException(nameof(appliers));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _lease = lease ?? throw new ArgumentNullException(nameof(lease));
        _options = options ?? new PipelineOptions();
        _logger = _options.LoggerFactory.CreateLogger("OrgSync.Pipeline");
    }

    public TargetsFile Targets => _targets;

    public async Task<BatchOutcome> ProcessAsync(IReadOnlyList<InboundMessage> messages, BatchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(context);

        var batch = ClassifiedBatch.Of(messages, _targets.ClassifierOptions);
        LogClassifications(batch);

        var units = TargetUnit.For(_targets, batch.Winners);
        var outcomes = new TargetOutcome[units.Length];
        if (units.Length > 0)
        {
            var run = new UnitRun(this, batch, context, $"{context.InvocationId}/{Guid.NewGuid():N}", _options.WorkDeadline(context.Deadline));
            await Parallel.ForEachAsync(
                Enumerable.Range(0, units.Length),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrentTargets) },
                async (index, _) => outcomes[index] = await run.ProcessAsync(units[index], cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }

        var result = new BatchOutcome(MessageOutcomes(batch, outcomes), [.. outcomes]);
        Report(result, units);
        return result;
    }

    private ImmutableArray<MessageOutcome> MessageOutcomes(ClassifiedBatch batch, TargetOutcome[] targets)
    {
        var failures = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var target in targets.Where(t => t.Status == TargetStatus.Failed))
        {
            foreach (var messageId in target.Contributors)
            {
                if (!failures.TryGetValue(messageId, out var reasons))
                {
                    failures[messageId] = reasons = [];
                }

                reasons.Add($"{target.Key}: {target.Reason}");
            }
        }

        var outcomes = ImmutableArray.CreateBuilder<MessageOutcome>(batch.Messages.Length);
        for (var index = 0; index < batch.Messages.Length; index++)
        {
            var message = batch.Messages[index];
            var outcome = batch.OutcomeOf(index, failures.GetValueOrDefault(message.MessageId));
            outcomes.Add(outcome with
            {
                ReceiveCount = message.ReceiveCount,
                IsLastDelivery = outcome.IsFailure && message.ReceiveCount >= _options.MaxReceiveCount,
            });
        }

        return outcomes.MoveToImmutable();
    }

    private void LogClassifications(ClassifiedBatch batch)
    {
        for (var index = 0; index < batch.Messages.Length; index++)
        {
            var message = batch.Messages[index];
            switch (batch.Classifications[index])
            {
                case Classification.Invalid invalid:
                    using (_logger.BeginCorrelationScope(message.MessageId))
                    {
                        LogInvalid(_logger, message.MessageId, invalid.Reason);
                    }

                    break;

                case Classification.Ignored ignored:
                    using (_logger.BeginCorrelationScope(ignored.EventId))
                    {
                        LogIgnored(_logger, message.MessageId, ignored.Reason);
                    }

                    break;

                case Classification.Changes changes:
                    using (_logger.BeginCorrelationScope(changes.EventId))
                    {
                        LogChanges(_logger, message.MessageId, changes.Source, changes.DetailType, new ChangesText(changes.Items));
                    }

                    break;
            }
        }
    }

    private void Report(BatchOutcome outcome, ImmutableArray<TargetUnit> units)
    {
        var metrics = _options.Metrics;
        for (var index = 0; index < outcome.Targets.Length; index++)
        {
            var target = outcome.Targets[index];
            var dimension = units[index].MetricTarget;
            if (target.StaleChanges > 0)
            {
                metrics.Add(MetricNames.StaleChanges, target.StaleChanges, dimension);
            }

            if (target.Status == TargetStatus.Failed)
            {
                metrics.Add(MetricNames.TargetFailures, 1, dimension);
            }

            if (target.Status == TargetStatus.Written)
            {
                var (joined, left) = WrittenAccounts(target);
                if (joined > 0)
                {
                    metrics.Add(MetricNames.AccountsJoined, joined, dimension);
                }

                if (left > 0)
                {
                    metrics.Add(MetricNames.AccountsLeft, left, dimension);
                }
            }
        }

        var invalid = outcome.Messages.Count(m => m.Status == MessageStatus.Invalid);
        var ignored = outcome.Messages.Count(m => m.Status == MessageStatus.Ignored);
        var deadLetters = outcome.Messages.Count(m => m.IsLastDelivery);
        if (invalid > 0)
        {
            metrics.Add(MetricNames.InvalidMessages, invalid);
        }

        if (ignored > 0)
        {
            metrics.Add(MetricNames.IgnoredMessages, ignored);
        }

        if (deadLetters > 0)
        {
            metrics.Add(MetricNames.DeadLetters, deadLetters);
        }

        foreach (var message in outcome.Messages.Where(m => m.IsFailure))
        {
            using (_logger.BeginCorrelationScope(message.EventId ?? message.MessageId))
            {
                if (message.IsLastDelivery)
                {
                    LogDeadLettered(_logger, message.MessageId, message.ReceiveCount ?? 0, message.Reason);
                }
                else if (message.Status == MessageStatus.Failed)
                {
                    // An invalid message was already logged with its reason when it was classified. Without a
                    // receive count the message did not come from SQS (an EventBridge invocation): its retries are
                    // EventBridge's and Lambda's, and there is no delivery number to tell.
                    if (message.ReceiveCount is { } receiveCount)
                    {
                        LogFailed(_logger, message.MessageId, receiveCount, message.Reason);
                    }
                    else
                    {
                        LogFailedOutsideSqs(_logger, message.MessageId, message.Reason);
                    }
                }
            }
        }

        var succeeded = outcome.Messages.Count(m => m.Status == MessageStatus.Succeeded);
        var failed = outcome.Messages.Count(m => m.Status == MessageStatus.Failed);
        var written = outcome.Targets.Count(t => t.Status == TargetStatus.Written);
        var targetsFailed = outcome.Targets.Count(t => t.Status == TargetStatus.Failed);
        LogBatch(_logger, outcome.Messages.Length, succeeded, ignored, invalid, failed, written, targetsFailed);
    }

    /// <summary>What the write did: accounts added and removed; a channel written is one account joined.</summary>
    private static (int Joined, int Left) WrittenAccounts(TargetOutcome target) =>
        target.Kind == TargetKind.DeliveryChannel
            ? (1, 0)
            : (target.Diff?.Added.Length ?? target.Delta.Joins.Count, target.Diff?.Removed.Length ?? target.Delta.Leaves.Count);

    /// <summary>One batch's run over its units: lease owner, deadline, and the per-unit steps.</summary>
    private sealed class UnitRun(BatchProcessor processor, ClassifiedBatch batch, BatchContext context, string owner, DateTimeOffset workDeadline)
    {
        private readonly PipelineOptions _options = processor._options;
        private readonly ILogger _logger = processor._logger;

        public async Task<TargetOutcome> ProcessAsync(TargetUnit unit, CancellationToken cancellationToken)
        {
            using var scope = _logger.BeginTargetScope(unit.Key);

            // Before the ledger is read, every winning change that would reach the resource counts as contributed.
            var candidate = unit.DeltaOf(unit.Changes, processor._targets);
            var outcome = await ApplyUnitAsync(unit, candidate, cancellationToken).ConfigureAwait(false);
            if (outcome.Status == TargetStatus.Failed)
            {
                await RecordInertAsync(unit, candidate).ConfigureAwait(false);
            }

            return outcome;
        }

        private async Task<TargetOutcome> ApplyUnitAsync(TargetUnit unit, MembershipDelta candidate, CancellationToken cancellationToken)
        {
            var targets = processor._targets;
            var contributors = batch.ContributorsOf(candidate.Joins.Concat(candidate.Leaves));
            TargetOutcome Outcome(TargetStatus status, string reason) =>
                new(unit.Key, unit.Kind, unit.Region, unit.AccountId, status, reason) { Contributors = contributors };

            LeaseGrant? grant = null;
            try
            {
                // Nothing could ever be written (excluded accounts, leaves without removeOnLeave, a channel leave):
                // only the ledger moves forward, which is monotonic and needs no lease.
                if (!candidate.IsEmpty)
                {
                    grant = await AcquireLeaseAsync(unit, cancellationToken).ConfigureAwait(false);
                    if (grant is null)
                    {
                        return Outcome(
                            TargetStatus.Failed,
                            $"another invocation held the lease on {unit.LeaseKey} until this invocation's deadline ({workDeadline:O}); nothing was written, the messages will be retried");
                    }
                }

                var recorded = await processor._ledger.ReadAsync(unit.Scope, [.. unit.Changes.Select(c => c.AccountId)], cancellationToken).ConfigureAwait(false);
                var fresh = unit.Changes.Where(change => ChangeOrder.Supersedes(change, recorded.GetValueOrDefault(change.AccountId))).ToImmutableArray();
                var stale = unit.Changes.Length - fresh.Length;
                if (stale > 0)
                {
                    LogStale(_logger, unit.Key, stale);
                }

                var delta = unit.DeltaOf(fresh, targets);
                contributors = batch.ContributorsOf(delta.Joins.Concat(delta.Leaves));
                if (delta.IsEmpty)
                {
                    await processor._ledger.RecordAsync(unit.Scope, fresh, cancellationToken).ConfigureAwait(false);
                    return Outcome(TargetStatus.NothingToApply, stale > 0 ? "every change was already applied" : "no change applies to this target")
                        with { StaleChanges = stale };
                }

                // delta ⊆ candidate, so a delta to apply always came with the lease.
                var fence = Fence(grant ?? throw new InvalidOperationException($"{unit.Key}: a write without the lease"));
                var result = await unit.ApplyAsync(processor._appliers, delta, workDeadline, fence, cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    return Outcome(TargetStatus.Failed, result.Reason) with
                    {
                        Delta = delta,
                        StaleChanges = stale,
                        Counts = result.Counts,
                    };
                }

                // Only now: a failed attempt must never make its own retry look stale.
                await processor._ledger.RecordAsync(unit.Scope, fresh, cancellationToken).ConfigureAwait(false);
                return Outcome(result.Outcome == ApplyOutcome.Written ? TargetStatus.Written : TargetStatus.Unchanged, result.Reason) with
                {
                    Delta = delta,
                    Diff = result.Diff,
                    StaleChanges = stale,
                    Counts = result.Counts,
                };
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Outcome(TargetStatus.Failed, "the invocation is about to time out; stopped before finishing, the messages will be retried");
            }
            catch (Exception exception)
            {
                LogUnitError(_logger, exception, unit.Key);
                return Outcome(TargetStatus.Failed, $"{exception.GetType().Name}: {exception.Message}");
            }
            finally
            {
                if (grant is not null)
                {
                    await ReleaseAsync(grant).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// A failed unit fails only the messages whose changes reach its resource; the others succeed and are deleted.
        /// Their changes (an excluded account, a leave without removeOnLeave) are as applied as they will ever be, so
        /// they are recorded all the same: otherwise an older change of the same account, delivered later, would not
        /// be recognised as stale. The ledger only moves forward, so recording a change it already has is harmless.
        /// </summary>
        private async Task RecordInertAsync(TargetUnit unit, MembershipDelta candidate)
        {
            var inert = unit.Changes
                .Where(change => !candidate.Joins.Contains(change.AccountId) && !candidate.Leaves.Contains(change.AccountId))
                .ToImmutableArray();
            if (inert.IsEmpty)
            {
                return;
            }

            try
            {
                // Not the invocation's token: the unit may have failed because it was cancelled.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _options.Time);
                await processor._ledger.RecordAsync(unit.Scope, inert, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogRecordInertFailed(_logger, exception, unit.Key, inert.Length);
            }
        }

        private WriteFence Fence(LeaseGrant grant) => (_, ct) => processor._lease.IsCurrentAsync(grant, ct);

        /// <summary>The lease, waiting with jittered backoff while someone else holds it; null when the deadline came first.</summary>
        private async Task<LeaseGrant?> AcquireLeaseAsync(TargetUnit unit, CancellationToken cancellationToken)
        {
            var time = _options.Time;
            for (var attempt = 1; ; attempt++)
            {
                var duration = context.Deadline - time.GetUtcNow() + _options.LeaseMargin;
                if (duration < _options.LeaseMargin)
                {
                    duration = _options.LeaseMargin;
                }

                var grant = await processor._lease.TryAcquireAsync(unit.LeaseKey, owner, duration, cancellationToken).ConfigureAwait(false);
                if (grant is not null)
                {
                    if (attempt > 1)
                    {
                        LogLeaseAcquired(_logger, unit.LeaseKey, attempt);
                    }

                    return grant;
                }

                var delay = _options.LeaseRetryDelay(attempt);
                if (time.GetUtcNow() + delay >= workDeadline)
                {
                    return null;
                }

                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task ReleaseAsync(LeaseGrant grant)
        {
            try
            {
                // Not the invocation's token: a lease left behind blocks the target until it expires.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _options.Time);
                await processor._lease.ReleaseAsync(grant, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogReleaseFailed(_logger, exception, grant.Key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} is invalid: {Reason}")]
    private static partial void LogInvalid(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} ignored: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} ({Source} {DetailType}): {Changes}")]
    private static partial void LogChanges(ILogger logger, string messageId, string source, string detailType, ChangesText changes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Target}: {Count} change(s) of the batch already applied (stale or duplicate)")]
    private static partial void LogStale(ILogger logger, string target, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease on {Key} acquired after {Attempts} attempts")]
    private static partial void LogLeaseAcquired(ILogger logger, string key, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease on {Key} could not be released; it expires on its own")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target}: {Count} change(s) that cannot reach the failed target could not be recorded; an older change delivered later may not be recognised as stale")]
    private static partial void LogRecordInertFailed(ILogger logger, Exception exception, string target, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Target}: failed unexpectedly")]
    private static partial void LogUnitError(ILogger logger, Exception exception, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} failed on delivery {ReceiveCount}; SQS will redeliver it: {Reason}")]
    private static partial void LogFailed(ILogger logger, string messageId, int receiveCount, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} failed; it will be retried: {Reason}")]
    private static partial void LogFailedOutsideSqs(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} failed on its last delivery ({ReceiveCount}); SQS moves it to the dead-letter queue: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string messageId, int receiveCount, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch of {Messages}: {Succeeded} succeeded, {Ignored} ignored, {Invalid} invalid, {Failed} failed; {Written} target(s) written, {TargetsFailed} failed")]
    private static partial void LogBatch(ILogger logger, int messages, int succeeded, int ignored, int invalid, int failed, int written, int targetsFailed);

    /// <summary>Formats changes only when the line is written.</summary>
    private readonly record struct ChangesText(ImmutableArray<AccountChange> Changes)
    {
        public override string ToString() =>
            string.Join(", ", Changes.Select(c => $"{(c.Kind == ChangeKind.Join ? "join" : "leave")} {c.AccountId} at {c.Time:O}"));
    }
}
