using System.Collections.Immutable;
using OrgSync.Core.Events;

namespace OrgSync.Core.Membership;

/// <summary>Collapsing a batch's changes and shaping them into a planner's delta.</summary>
public static class BatchChanges
{
    /// <summary>Per account, the newest change of the batch (<see cref="ChangeOrder"/>); order of input irrelevant.</summary>
    public static ImmutableDictionary<string, AccountChange> Collapse(IEnumerable<AccountChange> changes) =>
        throw new NotImplementedException("issue 2: newest change wins within a batch");

    /// <summary>
    /// The delta for one target: excluded accounts dropped (never added, never removed), leaves kept
    /// only when <paramref name="removeOnLeave"/>.
    /// </summary>
    public static MembershipDelta ToDelta(
        IEnumerable<AccountChange> effective, IReadOnlySet<string> excludeAccounts, bool removeOnLeave) =>
        throw new NotImplementedException("issue 2: delta for a target");
}
