using System.Collections.Immutable;
using OrgSync.Core.Applying;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Notifications;
using OrgSync.Core.Targets;

namespace OrgSync.Pipeline.Units;

/// <summary>Where each account's change stands on one unit once it ran: what a completion event says about it (SPEC §7).</summary>
internal static class AccountOutcomes
{
    /// <param name="recorded">What the ledger had before the run.</param>
    /// <param name="delta">What was left to apply after the ledger and the target's rules.</param>
    /// <param name="result">The apply's result; null when nothing was left to apply.</param>
    public static ImmutableDictionary<string, AccountOutcome> Of(
        TargetUnit unit, IReadOnlyDictionary<string, AppliedChange> recorded, MembershipDelta delta, ApplyResult? result, TargetsFile targets)
    {
        var excluded = targets.ExcludeAccounts.ToHashSet(StringComparer.Ordinal);
        var builder = ImmutableDictionary.CreateBuilder<string, AccountOutcome>(StringComparer.Ordinal);
        foreach (var change in unit.Changes)
        {
            builder[change.AccountId] = OfChange(unit, change, recorded.GetValueOrDefault(change.AccountId), delta, result, excluded);
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// The unit failed for <paramref name="reason"/> before it could tell more: every change that would reach the
    /// resource (<paramref name="reaching"/>, whose inputs fail and come back) failed, which a redelivery may still turn
    /// around; the others (an excluded account, a leave without removeOnLeave) are as final as ever, for their inputs
    /// succeed and never come back.
    /// </summary>
    /// <param name="recorded">What the ledger had, once read: a change it already held is as applied as before, not failed.</param>
    public static ImmutableDictionary<string, AccountOutcome> Failed(
        TargetUnit unit, MembershipDelta reaching, string reason, TargetsFile targets, IReadOnlyDictionary<string, AppliedChange>? recorded = null)
    {
        var excluded = targets.ExcludeAccounts.ToHashSet(StringComparer.Ordinal);
        return unit.Changes.ToImmutableDictionary(
            change => change.AccountId,
            change => reaching.Joins.Contains(change.AccountId) || reaching.Leaves.Contains(change.AccountId)
                ? new AccountOutcome(TargetSyncOutcome.Failed, reason, IsFinal: false)
                : OfChange(unit, change, recorded?.GetValueOrDefault(change.AccountId), reaching, result: null, excluded),
            StringComparer.Ordinal);
    }

    private static AccountOutcome OfChange(
        TargetUnit unit, AccountChange change, AppliedChange? recorded, MembershipDelta delta, ApplyResult? result, HashSet<string> excluded)
    {
        if (recorded is not null && !ChangeOrder.IsFresh(change, recorded))
        {
            // A newer change of the same kind leaves the account where this one wanted it (a Control Tower join after
            // the vending pipeline's own request, say): in place. Only the opposite change undid it. (A newer join a
            // prerequisite blocked does not: against it an older join is fresh, applied again, and says what happened.)
            return ChangeOrder.Compare(change.Kind, change.Time, recorded.Kind, recorded.Time) == 0
                ? new AccountOutcome(TargetSyncOutcome.AlreadyInPlace, "already applied")
                : recorded.Kind == change.Kind
                    ? new AccountOutcome(TargetSyncOutcome.AlreadyInPlace, $"a newer {Name(recorded.Kind)} ({recorded.Time:O}) was already applied")
                    : new AccountOutcome(TargetSyncOutcome.Superseded, $"a newer {Name(recorded.Kind)} ({recorded.Time:O}) was applied instead");
        }

        var account = change.AccountId;
        if (!delta.Joins.Contains(account) && !delta.Leaves.Contains(account))
        {
            return excluded.Contains(account)
                ? new AccountOutcome(TargetSyncOutcome.Excluded, "listed in excludeAccounts: never added, never removed")
                : new AccountOutcome(TargetSyncOutcome.LeftAlone, unit.Kind == TargetKind.DeliveryChannel ? "a leave changes no delivery channel" : "removeOnLeave is false");
        }

        if (result?.Blocked.FirstOrDefault(b => b.AccountId == account) is { } blocked)
        {
            return new AccountOutcome(TargetSyncOutcome.Blocked, $"blocked from {blocked.List}: {blocked.Reason}", IsFinal: blocked.Kind == FailureKind.Permanent);
        }

        return result switch
        {
            null => new AccountOutcome(TargetSyncOutcome.AlreadyInPlace, "nothing left to apply"),
            { Outcome: ApplyOutcome.Failed, IsServiceControlPolicyDeny: true } => new AccountOutcome(TargetSyncOutcome.Blocked, result.Reason, IsFinal: true),
            { Outcome: ApplyOutcome.Failed } => new AccountOutcome(TargetSyncOutcome.Failed, result.Reason, IsFinal: false),
            { Outcome: ApplyOutcome.Unchanged, IsLeftAlone: true } => new AccountOutcome(TargetSyncOutcome.LeftAlone, result.Reason),

            // Not as asked, and no redelivery changes it (the last account of an aggregator cannot leave it): not in place.
            { Outcome: ApplyOutcome.Unchanged, IsWarning: true } => new AccountOutcome(TargetSyncOutcome.Blocked, result.Reason, IsFinal: true),
            { Outcome: ApplyOutcome.Unchanged } => new AccountOutcome(TargetSyncOutcome.AlreadyInPlace, result.Reason),
            _ when unit.Kind == TargetKind.DeliveryChannel || Changed(result.Diff, account) => new AccountOutcome(TargetSyncOutcome.Applied, "written"),
            _ => new AccountOutcome(TargetSyncOutcome.AlreadyInPlace, "already as wanted"),
        };
    }

    private static bool Changed(Core.Planning.PlanDiff? diff, string account) =>
        diff is not null && (diff.Added.Contains(account, StringComparer.Ordinal) || diff.Removed.Contains(account, StringComparer.Ordinal));

    private static string Name(ChangeKind kind) => kind.ToString().ToLowerInvariant();
}
