using System.Collections.Immutable;
using OrgSync.Core.Applying;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Core.Targets;
using OrgSync.Pipeline.Reporting;
using OrgSync.Pipeline.Units;

namespace OrgSync.Pipeline.Batches;

/// <summary>
/// The handler pipeline shared by the SQS and EventBridge functions, <c>orgsync local</c> and <c>orgsync plan</c>:
/// classify every message → collapse the batch's changes per account (newest wins) → one <see cref="UnitRun"/> per
/// target unit, concurrently (bounded) → what each message comes to. One read and at most one write per target per
/// batch, whatever the number of messages. A failed target fails exactly the messages that contributed a change to
/// it; an invalid message fails alone.
/// </summary>
/// <remarks>Never throws for a bad message or a failed target; cancellation fails the unfinished targets.</remarks>
public sealed class BatchProcessor
{
    private readonly TargetsFile _targets;
    private readonly ITargetAppliers _appliers;
    private readonly IMembershipLedger _ledger;
    private readonly ITargetLease _lease;
    private readonly PipelineOptions _options;
    private readonly RunReporter _reporter;

    public BatchProcessor(TargetsFile targets, ITargetAppliers appliers, IMembershipLedger ledger, ITargetLease lease, PipelineOptions? options = null)
    {
        _targets = targets ?? throw new ArgumentNullException(nameof(targets));
        _appliers = appliers ?? throw new ArgumentNullException(nameof(appliers));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _lease = lease ?? throw new ArgumentNullException(nameof(lease));
        _options = options ?? new PipelineOptions();
        _reporter = RunReporter.For(_options);
    }

    public TargetsFile Targets => _targets;

    /// <summary>Applies the batch: what the functions and <c>local</c> run.</summary>
    public Task<BatchOutcome> ProcessAsync(IReadOnlyList<InboundMessage> messages, BatchContext context, CancellationToken cancellationToken) =>
        RunAsync(messages, context, RunMode.Apply, cancellationToken);

    /// <summary>
    /// What the batch would write, without writing (<c>orgsync plan</c>): the same units, read and planned, with no
    /// lease and no ledger — every newest change counts, as if none had been applied before.
    /// </summary>
    public Task<BatchOutcome> PlanAsync(IReadOnlyList<InboundMessage> messages, BatchContext context, CancellationToken cancellationToken) =>
        RunAsync(messages, context, RunMode.Plan, cancellationToken);

    private async Task<BatchOutcome> RunAsync(IReadOnlyList<InboundMessage> messages, BatchContext context, RunMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(context);

        var batch = ClassifiedBatch.Of(messages, _targets.ClassifierOptions);
        _reporter.Classified(batch);

        var units = TargetUnit.For(_targets, batch.Winners);
        var outcomes = new TargetOutcome[units.Length];
        if (units.Length > 0)
        {
            var workDeadline = _options.WorkDeadline(context.Deadline);
            var leases = new LeaseKeeper(_lease, _options, $"{context.InvocationId}/{Guid.NewGuid():N}", context.Deadline, workDeadline, _reporter.Logger);
            var run = new UnitRun(_targets, _appliers, _ledger, leases, mode, workDeadline, _options, _reporter.Logger);
            await Parallel.ForEachAsync(
                Enumerable.Range(0, units.Length),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrentTargets) },
                async (index, _) =>
                {
                    outcomes[index] = await run.RunAsync(units[index], batch.ContributorsOf, cancellationToken).ConfigureAwait(false);
                    _reporter.Target(units[index], outcomes[index]);
                }).ConfigureAwait(false);
        }

        var result = new BatchOutcome(MessageOutcomes(batch, outcomes), [.. outcomes]);
        _reporter.Batch(result);
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
}
