using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Notifications;
using OrgSync.Core.Targets;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Membership;
using OrgSync.Pipeline.Units;

namespace OrgSync.Pipeline.Notifications;

/// <summary>
/// For each (input, account) of a batch, the outcome on every target the change concerns (SPEC §7): every aggregator,
/// every distribution configuration and, for a join or a move, the account's channel in every channel Region. Read
/// from what the units said about each account (<see cref="TargetOutcome.Accounts"/>) and who carried its winning
/// change (<see cref="TargetOutcome.Carriers"/>); a target the change does not reach says why (out of scope, a move on
/// a target without a scope, a refused or undecided membership). Reconcile's own requests announce nothing.
/// </summary>
public static class CompletionNotices
{
    public static ImmutableArray<MessageCompletion> Of(
        ClassifiedBatch batch, AccountLookups lookups, TargetsFile targets, IReadOnlyList<TargetOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(lookups);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(outcomes);

        var units = new Dictionary<string, TargetOutcome>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            units.TryAdd(outcome.Key, outcome);
        }

        var context = new Context(batch, lookups, units);
        var completions = ImmutableArray.CreateBuilder<MessageCompletion>();
        for (var index = 0; index < batch.Messages.Length; index++)
        {
            if (batch.Classifications[index] is not Classification.Changes changes || changes.Source == EventClassifier.ReconcileSource)
            {
                continue;
            }

            var notices = changes.Items
                .GroupBy(change => change.AccountId, StringComparer.Ordinal)
                .Select(account => account.MaxBy(change => change, Comparer<AccountChange>.Create(ChangeOrder.Compare))!)
                .Select(change => new AccountSyncNotice(
                    change.AccountId,
                    change.Kind.ToString().ToLowerInvariant(),
                    changes.EventId,
                    changes.RequestId,
                    changes.Time,
                    [.. TargetsOf(targets, change).Select(target => context.Report(target, change, index))]))
                .ToImmutableArray();
            completions.Add(new MessageCompletion(index, changes, notices));
        }

        return completions.ToImmutable();
    }

    /// <summary>Every target a change concerns, keyed as the units are: channels only for what may join (a leave changes none).</summary>
    private static IEnumerable<ConcernedTarget> TargetsOf(TargetsFile targets, AccountChange change)
    {
        foreach (var aggregator in targets.Aggregators)
        {
            yield return new ConcernedTarget(aggregator.Key, TargetKind.Aggregator, aggregator.OrganizationScope);
        }

        foreach (var distribution in targets.Distributions)
        {
            yield return new ConcernedTarget(distribution.Key, TargetKind.Distribution, distribution.OrganizationScope);
        }

        if (change.Kind == ChangeKind.Leave)
        {
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in targets.DeliveryChannels)
        {
            foreach (var region in channel.Regions)
            {
                var key = DeliveryChannelTarget.ResourceKey(change.AccountId, region);
                if (seen.Add(key))
                {
                    yield return new ConcernedTarget(key, TargetKind.DeliveryChannel, channel.OrganizationScope);
                }
            }
        }
    }

    private readonly record struct ConcernedTarget(string Key, TargetKind Kind, OrganizationScope? Scope);

    private sealed class Context(ClassifiedBatch batch, AccountLookups lookups, Dictionary<string, TargetOutcome> units)
    {
        private readonly Dictionary<string, int> _indexes = batch.Messages
            .Select((message, index) => (message.MessageId, index))
            .GroupBy(pair => pair.MessageId, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().index, StringComparer.Ordinal);

        public TargetSyncReport Report(ConcernedTarget target, AccountChange change, int message)
        {
            var resolve = ChangeResolution.For(target.Kind, target.Scope, lookups);
            if (resolve(change) is not { } resolved)
            {
                return Unreached(target, change);
            }

            var account = change.AccountId;
            if (!units.TryGetValue(target.Key, out var unit) || !unit.Accounts.TryGetValue(account, out var outcome))
            {
                // Every change that reaches a target is in its unit; a unit that did not report is not done.
                return new TargetSyncReport(target.Key, TargetSyncOutcome.Failed, "the target was not processed", IsFinal: false);
            }

            var carriers = unit.Carriers.GetValueOrDefault(account, []);
            if (carriers.Contains(batch.Messages[message].MessageId, StringComparer.Ordinal))
            {
                return new TargetSyncReport(target.Key, outcome.Outcome, outcome.Reason, outcome.IsFinal);
            }

            return Outranked(target, resolved, Winner(carriers, account, resolve), outcome);
        }

        /// <summary>
        /// The change lost to a newer one of the same batch. The opposite change undid it: superseded. A newer change
        /// of the same kind puts the account where this one wanted it, so this one stands where the winner stands.
        /// </summary>
        private static TargetSyncReport Outranked(ConcernedTarget target, AccountChange change, AccountChange? winner, AccountOutcome winnerOutcome)
        {
            if (winner is null || winner.Kind != change.Kind)
            {
                var what = winner is null ? "a newer change" : $"a newer {Name(winner.Kind)} ({winner.Time:O})";
                return new TargetSyncReport(target.Key, TargetSyncOutcome.Superseded, $"{what} of the same batch wins", IsFinal: true);
            }

            var newer = $"a newer {Name(winner.Kind)} of the same batch ({winner.Time:O})";
            return winnerOutcome.Outcome is TargetSyncOutcome.Applied or TargetSyncOutcome.AlreadyInPlace
                ? new TargetSyncReport(target.Key, TargetSyncOutcome.AlreadyInPlace, $"{newer} was applied", IsFinal: true)
                : new TargetSyncReport(target.Key, winnerOutcome.Outcome, $"{newer}: {winnerOutcome.Reason}", winnerOutcome.IsFinal);
        }

        private AccountChange? Winner(ImmutableArray<string> carriers, string account, Func<AccountChange, AccountChange?> resolve) =>
            carriers
                .Select(id => _indexes.TryGetValue(id, out var index) ? batch.Classifications[index] : null)
                .OfType<Classification.Changes>()
                .SelectMany(changes => changes.Items)
                .Where(change => change.AccountId == account)
                .Select(resolve)
                .OfType<AccountChange>()
                .MaxBy(change => change, Comparer<AccountChange>.Create(ChangeOrder.Compare));

        /// <summary>Why a change does not reach a target (the cases of <see cref="ChangeResolution"/>).</summary>
        private TargetSyncReport Unreached(ConcernedTarget target, AccountChange change)
        {
            var lookup = lookups.Of(change.AccountId);
            if (lookup?.Refusal is { } refusal)
            {
                return new TargetSyncReport(target.Key, TargetSyncOutcome.Blocked, refusal, IsFinal: true);
            }

            if (lookup?.Retry is { } retry)
            {
                return new TargetSyncReport(target.Key, TargetSyncOutcome.Failed, retry, IsFinal: false);
            }

            if (target.Scope is null)
            {
                return new TargetSyncReport(target.Key, TargetSyncOutcome.LeftAlone, "a move changes only targets with a scope", IsFinal: true);
            }

            if (lookup?.ScopeProblem is { } problem)
            {
                return new TargetSyncReport(target.Key, TargetSyncOutcome.Failed, problem, IsFinal: false);
            }

            return new TargetSyncReport(
                target.Key, TargetSyncOutcome.LeftAlone, $"outside the target's scope ({string.Join(", ", target.Scope.OrganizationalUnits)})", IsFinal: true);
        }

        private static string Name(ChangeKind kind) => kind.ToString().ToLowerInvariant();
    }
}
