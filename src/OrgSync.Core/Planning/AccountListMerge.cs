using System.Collections.Immutable;
using System.Runtime.InteropServices;
using OrgSync.Core.Membership;

namespace OrgSync.Core.Planning;

/// <summary>
/// The one merge rule every maintained account list follows (aggregator <c>AccountIds</c>,
/// <c>launchPermission.userIds</c>, <c>targetAccountIds</c>): (current ∪ joins) − leaves,
/// deduplicated, in ordinal order. Compared as sets: a list read back unsorted or with duplicates
/// but holding the same accounts has not changed, so it is no reason to write.
/// </summary>
public sealed record AccountListMerge(
    ImmutableArray<string> Accounts,
    ImmutableArray<string> Added,
    ImmutableArray<string> Removed)
{
    /// <summary>True when the merged set differs from the set read.</summary>
    public bool Changed => !Added.IsEmpty || !Removed.IsEmpty;

    /// <param name="current">The list as read (any order, possibly with duplicates); null or default = absent.</param>
    public static AccountListMerge Apply(ImmutableArray<string>? current, MembershipDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);

        var accounts = current is { IsDefault: false } read
            ? new HashSet<string>(read, StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

        var added = ImmutableArray.CreateBuilder<string>();
        foreach (var join in delta.Joins)
        {
            if (accounts.Add(join))
            {
                added.Add(join);
            }
        }

        // Leaves after joins: should an account ever be in both, removal is the safe side.
        var removed = ImmutableArray.CreateBuilder<string>();
        foreach (var leave in delta.Leaves)
        {
            if (!accounts.Remove(leave))
            {
                continue;
            }

            // Added by this very delta rather than read: neither added nor removed in the end.
            var addedHere = delta.Joins.Contains(leave) && added.Remove(leave);
            if (!addedHere)
            {
                removed.Add(leave);
            }
        }

        var result = accounts.ToArray();
        Array.Sort(result, StringComparer.Ordinal);
        return new AccountListMerge(
            ImmutableCollectionsMarshal.AsImmutableArray(result),
            Sorted(added),
            Sorted(removed));
    }

    private static ImmutableArray<string> Sorted(ImmutableArray<string>.Builder builder)
    {
        builder.Sort(StringComparer.Ordinal);
        return builder.DrainToImmutable();
    }
}
