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

    /// <summary>True when <paramref name="candidate"/> must replace <paramref name="current"/>.</summary>
    public static bool Supersedes(AccountChange candidate, AppliedChange? current) =>
        current is null || Compare(candidate.Kind, candidate.Time, current.Kind, current.Time) > 0;

    private static int Rank(ChangeKind kind) => kind switch
    {
        ChangeKind.Join => 0,
        ChangeKind.Move => 1,
        ChangeKind.Leave => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown change kind"),
    };
}

/// <summary>The newest change already applied for one account within one scope.</summary>
public sealed record AppliedChange(ChangeKind Kind, DateTimeOffset Time);
