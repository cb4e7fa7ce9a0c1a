using System.Collections.Immutable;

namespace OrgSync.Core.Membership;

/// <summary>
/// The account sets a planner merges into one target: joins to add and leaves to remove, after
/// exclusions and <c>removeOnLeave</c> were applied. Disjoint by construction (one change per account).
/// </summary>
public sealed record MembershipDelta(ImmutableSortedSet<string> Joins, ImmutableSortedSet<string> Leaves)
{
    public static MembershipDelta Empty { get; } = new(
        ImmutableSortedSet.Create<string>(StringComparer.Ordinal),
        ImmutableSortedSet.Create<string>(StringComparer.Ordinal));

    public bool IsEmpty => Joins.IsEmpty && Leaves.IsEmpty;

    /// <summary>The same delta without the joins of <paramref name="withheld"/> (accounts a prerequisite blocked, SPEC §3.5).</summary>
    public MembershipDelta WithoutJoins(IEnumerable<string> withheld) => this with { Joins = Joins.Except(withheld) };
}
