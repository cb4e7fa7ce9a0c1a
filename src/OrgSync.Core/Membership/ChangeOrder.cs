using OrgSync.Core.Events;

namespace OrgSync.Core.Membership;

/// <summary>
/// The total order behind "newest change wins": later envelope time wins; on equal times a leave
/// beats a move, which beats a join (Join &lt; Move &lt; Leave). Two changes that compare equal are the
/// same change delivered twice.
/// </summary>
/// <remarks>
/// A move outranks a join at the same instant because it carries the newer knowledge (where the account
/// now sits, which decides scoped targets); a leave outranks both because an account that left must
/// never be added back by a change of the same instant. <see cref="Events.AccountChange.Reach"/> plays no part.
/// </remarks>
public static class ChangeOrder
{
    public static int Compare(ChangeKind kindA, DateTimeOffset timeA, ChangeKind kindB, DateTimeOffset timeB)
    {
        var byTime = timeA.UtcTicks.CompareTo(timeB.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        return Rank(kindA).CompareTo(Rank(kindB));
    }

    public static int Compare(AccountChange a, AccountChange b) => Compare(a.Kind, a.Time, b.Kind, b.Time);

    /// <summary>True when <paramref name="candidate"/> must replace <paramref name="current"/> in the ledger.</summary>
    public static bool Supersedes(AccountChange candidate, AppliedChange? current) =>
        current is null || Compare(candidate.Kind, candidate.Time, current.Kind, current.Time) > 0;

    /// <summary>
    /// True when <paramref name="change"/> must still be applied given what the ledger <paramref name="recorded"/>
    /// (fresh), false when it is stale or a duplicate: the one rule every consumer of the ledger applies. A change is
    /// fresh when it <see cref="Supersedes"/> the entry, and a join is also fresh against a join a prerequisite
    /// <see cref="AppliedChange.Blocked">blocked</see> from a list, however old: that join did not put the account
    /// where a join wants it. Re-applying the older join is safe — recording it never overwrites the newer entry, and
    /// the apply tells its true outcome (blocked again, or applied once the prerequisite holds). Leaves and moves keep
    /// the order alone: an older leave stays stale against a blocked join.
    /// </summary>
    public static bool IsFresh(AccountChange change, AppliedChange? recorded) =>
        Supersedes(change, recorded) || (change.Kind == ChangeKind.Join && recorded is { Kind: ChangeKind.Join, Blocked: true });

    private static int Rank(ChangeKind kind) => kind switch
    {
        ChangeKind.Join => 0,
        ChangeKind.Move => 1,
        ChangeKind.Leave => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown change kind"),
    };
}

/// <summary>The newest change already applied for one account within one scope.</summary>
/// <param name="Blocked">
/// A prerequisite kept the account out of at least one of the target's lists while the rest of the change was applied
/// (SPEC §3.5: a join without Image Builder's cross-account role gets launch permission but stays out of
/// <c>targetAccountIds</c>). It plays no part in the order; <see cref="ChangeOrder.IsFresh"/> uses it.
/// </param>
public sealed record AppliedChange(ChangeKind Kind, DateTimeOffset Time, bool Blocked = false);
