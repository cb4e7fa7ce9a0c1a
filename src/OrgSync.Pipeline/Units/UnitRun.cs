using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OrgSync.Core.Applying;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Core.Targets;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Pipeline.Units;

/// <summary>Whether a run writes, or only reads and plans.</summary>
public enum RunMode
{
    /// <summary>lease → ledger → read → plan → fenced write → record → release.</summary>
    Apply,

    /// <summary>read → plan, nothing else: no lease, no ledger (every change counts as new), no write.</summary>
    Plan,
}

/// <summary>
/// The one unit of work every path shares — an SQS batch, an EventBridge event, <c>orgsync plan</c> and the
/// reconcile pass: for one resource, lease → ledger read → drop what the ledger already has → delta → apply
/// (read → plan → fenced write, by the appliers) → record in the ledger on success only → release. Whoever
/// runs it supplies the changes (<see cref="TargetUnit.Changes"/>) and the way back from accounts to the inputs
/// that carried them; the outcome says what happened, for the caller's reporter.
/// </summary>
/// <remarks>Never throws for a failed target; cancellation fails the unit.</remarks>
internal sealed partial class UnitRun(
    TargetsFile targets,
    PipelinePorts ports,
    LeaseKeeper leases,
    RunMode mode,
    DateTimeOffset workDeadline,
    PipelineOptions options,
    ILogger logger)
{
    private readonly ITargetAppliers appliers = ports.Appliers;
    private readonly IMembershipLedger ledger = ports.Ledger;

    /// <param name="carriersOf">The inputs that carry an account's change (they fail when the unit fails for it).</param>
    public async Task<TargetOutcome> RunAsync(TargetUnit unit, Func<string, ImmutableArray<string>> carriersOf, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginTargetScope(unit.Key);
        ImmutableArray<string> ContributorsOf(IEnumerable<string> accounts) => [.. accounts.SelectMany(account => carriersOf(account)).Distinct().Order(StringComparer.Ordinal)];

        // Before the ledger is read, every change that would reach the resource counts as contributed.
        var candidate = unit.DeltaOf(unit.Changes, targets);
        var outcome = mode == RunMode.Plan
            ? await PlanAsync(unit, candidate, ContributorsOf, cancellationToken).ConfigureAwait(false)
            : await ApplyAsync(unit, candidate, ContributorsOf, cancellationToken).ConfigureAwait(false);
        if (mode == RunMode.Apply && outcome.Status == TargetStatus.Failed)
        {
            await RecordInertAsync(unit, candidate).ConfigureAwait(false);
        }

        return outcome with
        {
            Carriers = unit.Changes.ToImmutableDictionary(change => change.AccountId, change => carriersOf(change.AccountId), StringComparer.Ordinal),
        };
    }

    private async Task<TargetOutcome> PlanAsync(
        TargetUnit unit, MembershipDelta delta, Func<IEnumerable<string>, ImmutableArray<string>> contributorsOf, CancellationToken cancellationToken)
    {
        var outcome = Outcome(unit, TargetStatus.NothingToApply, "no change applies to this target", contributorsOf(delta.Joins.Concat(delta.Leaves)));
        if (delta.IsEmpty)
        {
            return outcome;
        }

        var result = await appliers.ApplyAsync(unit.Work(delta), ApplyMode.PlanOnly, workDeadline, fence: null, cancellationToken).ConfigureAwait(false);
        return From(outcome with { Delta = delta }, result);
    }

    private async Task<TargetOutcome> ApplyAsync(
        TargetUnit unit, MembershipDelta candidate, Func<IEnumerable<string>, ImmutableArray<string>> contributorsOf, CancellationToken cancellationToken)
    {
        var outcome = Outcome(unit, TargetStatus.Failed, string.Empty, contributorsOf(candidate.Joins.Concat(candidate.Leaves)));
        LeaseGrant? grant = null;

        // What a failure fails: every change that would reach the resource until the ledger said which were already applied.
        var reaching = candidate;
        IReadOnlyDictionary<string, AppliedChange>? known = null;
        try
        {
            // Nothing could ever be written (excluded accounts, leaves without removeOnLeave, a channel leave):
            // only the ledger moves forward, which is monotonic and needs no lease.
            if (!candidate.IsEmpty)
            {
                grant = await leases.AcquireAsync(unit.LeaseKey, cancellationToken).ConfigureAwait(false);
                if (grant is null)
                {
                    var reason = $"another invocation held the lease on {unit.LeaseKey} until this invocation's deadline ({workDeadline:O}); nothing was written, the messages will be retried";
                    return outcome with { Reason = reason, FailureKind = FailureKind.Transient, Accounts = AccountOutcomes.Failed(unit, candidate, reason, targets) };
                }
            }

            var recorded = await ledger.ReadAsync(unit.Scope, [.. unit.Changes.Select(c => c.AccountId)], cancellationToken).ConfigureAwait(false);
            var fresh = unit.Changes.Where(change => ChangeOrder.IsFresh(change, recorded.GetValueOrDefault(change.AccountId))).ToImmutableArray();
            var stale = unit.Changes.Length - fresh.Length;
            if (stale > 0)
            {
                LogStale(logger, unit.Key, stale);
            }

            var delta = unit.DeltaOf(fresh, targets);
            (reaching, known) = (delta, recorded);
            outcome = outcome with { Delta = delta, StaleChanges = stale, Contributors = contributorsOf(delta.Joins.Concat(delta.Leaves)) };
            if (delta.IsEmpty)
            {
                await ledger.RecordAsync(unit.Scope, fresh, cancellationToken).ConfigureAwait(false);
                return outcome with
                {
                    Status = TargetStatus.NothingToApply,
                    Reason = stale > 0 ? "every change was already applied" : "no change applies to this target",
                    Accounts = AccountOutcomes.Of(unit, recorded, delta, result: null, targets),
                };
            }

            // delta ⊆ candidate, so a delta to apply always came with the lease.
            var fence = leases.Fence(grant ?? throw new InvalidOperationException($"{unit.Key}: a write without the lease"));
            var result = await appliers.ApplyAsync(unit.Work(delta), ApplyMode.Write, workDeadline, fence, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                // Only now: a failed attempt must never make its own retry look stale. A join a prerequisite blocked from
                // one list was applied to the others (launch permission), so it is recorded one tick before its time: an
                // older leave arriving later is stale against it, while its own redelivery is still newer and retried.
                // It is recorded as blocked, so that an older join arriving later is still applied (ChangeOrder.IsFresh)
                // and reports the block, rather than standing "already in place" behind a join that is not.
                var blocked = result.Blocked.Select(b => b.AccountId).ToHashSet(StringComparer.Ordinal);
                await ledger.RecordAsync(
                    unit.Scope,
                    [.. fresh.Select(change => blocked.Contains(change.AccountId) ? change with { Time = change.Time.AddTicks(-1), Blocked = true } : change)],
                    cancellationToken).ConfigureAwait(false);
                await JournalAsync(unit, result, cancellationToken).ConfigureAwait(false);
            }

            return From(outcome, result) with
            {
                Accounts = AccountOutcomes.Of(unit, recorded, delta, result, targets),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return outcome with
            {
                Reason = "the invocation is about to time out; stopped before finishing, the messages will be retried",
                FailureKind = FailureKind.Transient,
                Accounts = AccountOutcomes.Failed(unit, reaching, "the invocation is about to time out", targets, known),
            };
        }
        catch (Exception exception)
        {
            LogUnitError(logger, exception, unit.Key);
            var reason = $"{exception.GetType().Name}: {exception.Message}";
            return outcome with { Reason = reason, FailureKind = FailureKind.Permanent, Accounts = AccountOutcomes.Failed(unit, reaching, reason, targets, known) };
        }
        finally
        {
            if (grant is not null)
            {
                await leases.ReleaseAsync(grant).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// SPEC §6: Config counts accounts added to and removed from aggregators against a weekly quota, events and
    /// reconcile alike, so every aggregator write is journaled with how many accounts it changed.
    /// </summary>
    private async Task JournalAsync(TargetUnit unit, ApplyResult result, CancellationToken cancellationToken)
    {
        if (ports.Journal is not { } journal || unit.Kind != TargetKind.Aggregator || result.Outcome != ApplyOutcome.Written || result.Diff is not { } diff)
        {
            return;
        }

        var changed = diff.Added.Length + diff.Removed.Length;
        if (changed > 0)
        {
            await journal.RecordWriteAsync(unit.Scope, Guid.NewGuid().ToString("N"), options.Time.GetUtcNow(), changed, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A failed unit fails only the inputs whose changes reach its resource; the others succeed. Their changes (an
    /// excluded account, a leave without removeOnLeave) are as applied as they will ever be, so they are recorded all
    /// the same: otherwise an older change of the same account, delivered later, would not be recognised as stale.
    /// The ledger only moves forward, so recording a change it already has is harmless.
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
            // Not the run's token: the unit may have failed because it was cancelled.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), options.Time);
            await ledger.RecordAsync(unit.Scope, inert, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogRecordInertFailed(logger, exception, unit.Key, inert.Length);
        }
    }

    private static TargetOutcome Outcome(TargetUnit unit, TargetStatus status, string reason, ImmutableArray<string> contributors) =>
        new(unit.Key, unit.Kind, unit.Region, unit.AccountId, status, reason) { Contributors = contributors };

    private static TargetOutcome From(TargetOutcome outcome, ApplyResult result) => outcome with
    {
        Status = result.Outcome switch
        {
            ApplyOutcome.Written => TargetStatus.Written,
            ApplyOutcome.Unchanged => TargetStatus.Unchanged,
            ApplyOutcome.Planned => TargetStatus.Planned,
            _ => TargetStatus.Failed,
        },
        Reason = result.Reason,
        Diff = result.Diff,
        Request = result.Request,
        IsWarning = result.IsWarning,
        IsLeftAlone = result.IsLeftAlone,
        Counts = result.Counts,
        FailureKind = result.FailureKind,
        ErrorCode = result.ErrorCode,
        Blocked = result.Blocked,
        Prerequisites = result.Prerequisites,
        Warnings = result.Warnings,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Target}: {Count} change(s) already applied (stale or duplicate)")]
    private static partial void LogStale(ILogger logger, string target, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target}: {Count} change(s) that cannot reach the failed target could not be recorded; an older change delivered later may not be recognised as stale")]
    private static partial void LogRecordInertFailed(ILogger logger, Exception exception, string target, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Target}: failed unexpectedly")]
    private static partial void LogUnitError(ILogger logger, Exception exception, string target);
}
