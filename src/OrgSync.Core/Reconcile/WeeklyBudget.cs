using System.Collections.Immutable;
using OrgSync.Core.Events;

namespace OrgSync.Core.Reconcile;

/// <summary>
/// SPEC §6: AWS Config limits how many accounts may be added to or removed from aggregators in a week. What OrgSync
/// wrote in the last 7 days (events and reconcile, from the write journal) counts against the budget; a pass defers
/// what would exceed it — removals go first, then joins, longest-standing members first, so the newest joins wait.
/// Event-driven changes are never deferred (they do not come through here).
/// </summary>
public static class WeeklyBudget
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <param name="used">Accounts already changed in the window.</param>
    /// <param name="joinedAt">When an account joined the organization, when known.</param>
    public static (ImmutableArray<AccountChange> Kept, ImmutableArray<string> Deferred) Apply(
        ImmutableArray<AccountChange> changes, long used, int budget, Func<string, DateTimeOffset?> joinedAt)
    {
        ArgumentNullException.ThrowIfNull(joinedAt);
        var left = Math.Max(0, budget - used);
        if (changes.Length <= left)
        {
            return (changes, []);
        }

        var ordered = changes
            .OrderBy(change => change.Kind == ChangeKind.Join ? 1 : 0)
            .ThenBy(change => joinedAt(change.AccountId) ?? DateTimeOffset.MaxValue)
            .ThenBy(change => change.AccountId, StringComparer.Ordinal)
            .ToList();
        var kept = ordered.Take((int)Math.Min(left, int.MaxValue)).ToImmutableArray();
        var deferred = ordered.Skip(kept.Length).Reverse().Select(change => change.AccountId).ToImmutableArray();
        return (kept, deferred);
    }
}
