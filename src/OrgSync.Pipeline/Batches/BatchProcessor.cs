using System.Collections.Concurrent;
using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Targets;
using OrgSync.Pipeline.Membership;
using OrgSync.Pipeline.Notifications;
using OrgSync.Pipeline.Reporting;
using OrgSync.Pipeline.Units;

namespace OrgSync.Pipeline.Batches;

/// <summary>
/// The handler pipeline shared by the SQS and EventBridge functions, <c>orgsync local</c> and <c>orgsync plan</c>:
/// classify every message → look the joining accounts up in Organizations (membership, scopes; once each) → per
/// target, resolve and collapse the batch's changes (newest wins) → one <see cref="UnitRun"/> per target unit,
/// concurrently (bounded) → what each message comes to. One read and at most one write per target per batch,
/// whatever the number of messages. A failed target fails exactly the messages that contributed a change to it; a
/// refused join fails the messages that carry it; an invalid message fails alone.
/// </summary>
/// <remarks>Never throws for a bad message or a failed target; cancellation fails the unfinished targets.</remarks>
public sealed class BatchProcessor
{
    private readonly TargetsFile _targets;
    private readonly PipelinePorts _ports;
    private readonly PipelineOptions _options;
    private readonly RunReporter _reporter;

    public BatchProcessor(TargetsFile targets, PipelinePorts ports, PipelineOptions? options = null)
    {
        _targets = targets ?? throw new ArgumentNullException(nameof(targets));
        _ports = ports ?? throw new ArgumentNullException(nameof(ports));
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

        var lookups = batch.Changes.IsEmpty
            ? AccountLookups.None
            : await AccountLookups.ForAsync(
                batch, _targets, new CachedOrganizationDirectory(_ports.Organization), _options.WorkDeadline(context.Deadline), cancellationToken).ConfigureAwait(false);
        _reporter.Lookups(lookups);

        var changeSets = new ConcurrentDictionary<(TargetKind, OrganizationScope?), ChangeSet>();
        var units = TargetUnit.For(
            _targets,
            (kind, scope) => changeSets.GetOrAdd((kind, scope), key => batch.Resolve(ChangeResolution.For(key.Item1, key.Item2, lookups))));
        var outcomes = new TargetOutcome[units.Length];
        if (units.Length > 0)
        {
            var workDeadline = _options.WorkDeadline(context.Deadline);
            var leases = new LeaseKeeper(_ports.Lease, _options, $"{context.InvocationId}/{Guid.NewGuid():N}", context.Deadline, workDeadline, _reporter.Logger);
            var run = new UnitRun(_targets, _ports, leases, mode, workDeadline, _options, _reporter.Logger);
            await Parallel.ForEachAsync(
                Enumerable.Range(0, units.Length),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrentTargets) },
                async (index, _) =>
                {
                    var unit = units[index];
                    outcomes[index] = await run.RunAsync(unit, account => batch.MessageIds(unit.ChangeSet.CarriersOf(account)), cancellationToken).ConfigureAwait(false);
                    _reporter.Target(unit, outcomes[index]);
                }).ConfigureAwait(false);
        }

        var messageOutcomes = MessageOutcomes(batch, lookups, outcomes);
        var completions = CompletionReport.None;
        if (mode == RunMode.Apply && _targets.Notifications is { } notifications && _ports is { Notifier: { } notifier, Announcements: { } announcements })
        {
            completions = await new CompletionAnnouncer(notifier, announcements, notifications, _options, _reporter.Logger)
                .AnnounceAsync(batch, CompletionNotices.Of(batch, lookups, _targets, outcomes), messageOutcomes, context, cancellationToken)
                .ConfigureAwait(false);
            _reporter.Announced(completions);
            messageOutcomes = WithFailures(messageOutcomes, completions.Failures);
        }

        var result = new BatchOutcome(messageOutcomes, [.. outcomes]) { Completions = completions };
        _reporter.Batch(result);
        return result;
    }

    /// <summary>Messages the completion step fails too (an announcement not made): SQS redelivers them, and they announce then.</summary>
    private ImmutableArray<MessageOutcome> WithFailures(ImmutableArray<MessageOutcome> messages, ImmutableDictionary<string, ImmutableArray<string>> failures) =>
        failures.IsEmpty
            ? messages
            : [
                .. messages.Select(message => failures.TryGetValue(message.MessageId, out var reasons)
                    ? message with
                    {
                        Status = MessageStatus.Failed,
                        Reasons = message.Reasons.AddRange(reasons),
                        IsLastDelivery = _options.IsLastDelivery(message.ReceiveCount),
                    }
                    : message),
            ];

    private ImmutableArray<MessageOutcome> MessageOutcomes(ClassifiedBatch batch, AccountLookups lookups, TargetOutcome[] targets)
    {
        var failures = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Fail(string messageId, string reason)
        {
            if (!failures.TryGetValue(messageId, out var reasons))
            {
                failures[messageId] = reasons = [];
            }

            reasons.Add(reason);
        }

        foreach (var (accountId, reason) in lookups.Failures)
        {
            foreach (var messageId in batch.MessageIds(JoinCarriers(batch, accountId)))
            {
                Fail(messageId, reason);
            }
        }

        foreach (var target in targets)
        {
            if (target.Status == TargetStatus.Failed)
            {
                foreach (var messageId in target.Contributors)
                {
                    Fail(messageId, $"{target.Key}: {target.Reason}");
                }
            }

            foreach (var blocked in target.Blocked)
            {
                foreach (var messageId in target.Carriers.GetValueOrDefault(blocked.AccountId, []))
                {
                    Fail(messageId, $"{target.Key}: {blocked}");
                }
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
                IsLastDelivery = outcome.IsFailure && _options.IsLastDelivery(message.ReceiveCount),
            });
        }

        return outcomes.MoveToImmutable();
    }

    /// <summary>The messages carrying a join (or move) of <paramref name="accountId"/> that no leave of the batch outranks.</summary>
    private static IEnumerable<int> JoinCarriers(ClassifiedBatch batch, string accountId)
    {
        var changes = batch.Changes.Where(c => c.Change.AccountId == accountId).ToList();
        var newestLeave = changes.Where(c => c.Change.Kind == ChangeKind.Leave).Select(c => c.Change).MaxBy(c => c, Comparer<AccountChange>.Create(ChangeOrder.Compare));
        return changes
            .Where(c => c.Change.Kind != ChangeKind.Leave && (newestLeave is null || ChangeOrder.Compare(c.Change, newestLeave) > 0))
            .Select(c => c.Message);
    }
}
