using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;

namespace OrgSync.Core.Reconcile;

/// <summary>
/// SPEC §6, pure: what a target holds against what the organization wants, and the changes that close the gap —
/// stamped with the listing's start, so a change the ledger recorded later (an event) wins and is never undone.
/// </summary>
public static class DriftRules
{
    /// <summary>
    /// The accounts whose ledger entries decide the drift: those present but not desired (stale or foreign? the
    /// ledger knows), and those desired but missing somewhere (was a newer event recorded?).
    /// </summary>
    public static ImmutableSortedSet<string> LedgerQuestions(ImmutableArray<ImmutableSortedSet<string>> lists, ImmutableSortedSet<string> desired)
    {
        if (lists.IsEmpty)
        {
            return ImmutableSortedSet<string>.Empty;
        }

        var (present, everywhere) = Presence(lists);
        return present.Except(desired).Union(desired.Except(everywhere));
    }

    /// <param name="lists">The target's maintained lists as read (empty: it maintains none, e.g. an organization source).</param>
    /// <param name="desired">The members it should hold (<see cref="OrganizationSnapshot.Desired"/>).</param>
    /// <param name="known">What the ledger recorded in this target's scope, for (at least) <see cref="LedgerQuestions"/>.</param>
    /// <param name="untouchable">Never added nor removed by a pass: <c>excludeAccounts</c> and <c>allowedNonMembers</c>.</param>
    public static (TargetDrift Drift, ImmutableArray<AccountChange> Changes) Compute(
        ImmutableArray<ImmutableSortedSet<string>> lists,
        ImmutableSortedSet<string> desired,
        OrganizationSnapshot organization,
        IReadOnlyDictionary<string, AppliedChange> known,
        IReadOnlySet<string> untouchable,
        bool pruneForeign,
        string eventId)
    {
        ArgumentNullException.ThrowIfNull(organization);
        if (lists.IsEmpty)
        {
            return (TargetDrift.None, []);
        }

        var (present, everywhere) = Presence(lists);
        var missing = desired.Except(everywhere).Where(a => !untouchable.Contains(a));
        var stale = new List<string>();
        var foreign = new List<string>();
        foreach (var account in present.Except(desired).Where(a => !untouchable.Contains(a)))
        {
            // Listed but not desired (not ACTIVE, outside the scope), or gone from the organization though OrgSync knew it.
            var isStale = organization.Accounts.ContainsKey(account) || known.ContainsKey(account);
            (isStale ? stale : foreign).Add(account);
        }

        var at = organization.ListedAt;
        var candidates = missing.Select(a => new AccountChange(a, ChangeKind.Join, at, eventId))
            .Concat(stale.Concat(pruneForeign ? foreign : []).Select(a => new AccountChange(a, ChangeKind.Leave, at, eventId)))
            .ToList();
        var changes = candidates.Where(c => ChangeOrder.Supersedes(c, known.GetValueOrDefault(c.AccountId))).ToImmutableArray();
        var superseded = candidates.Where(c => !changes.Contains(c)).Select(c => c.AccountId);

        return (new TargetDrift([.. missing], [.. stale], [.. foreign], [], [.. superseded]), changes);
    }

    /// <summary>Every account in some list, and the accounts in all of them.</summary>
    private static (ImmutableSortedSet<string> Present, ImmutableSortedSet<string> Everywhere) Presence(ImmutableArray<ImmutableSortedSet<string>> lists)
    {
        var present = lists[0];
        var everywhere = lists[0];
        foreach (var list in lists.Skip(1))
        {
            present = present.Union(list);
            everywhere = everywhere.Intersect(list);
        }

        return (present, everywhere);
    }
}
