using System.Collections.Immutable;

namespace OrgSync.Core.Targets;

/// <summary>
/// The part of the organization a target serves (SPEC §2 <c>scope</c>): accounts whose organization path
/// runs through one of <see cref="OrganizationalUnits"/> — directly under it, or at any depth with
/// <see cref="IncludeNested"/>. A target without a scope serves the whole organization.
/// </summary>
/// <param name="OrganizationalUnits">OU ids (<c>ou-…</c>), at least one, distinct, in file order.</param>
public sealed record OrganizationScope(ImmutableArray<string> OrganizationalUnits, bool IncludeNested = true)
{
    /// <summary>Whether the scope holds an account with this parent chain.</summary>
    /// <param name="parentPath">
    /// The account's ancestors from the root down to its direct parent (<c>r-…</c>, then <c>ou-…</c> ids), as
    /// Organizations' <c>Account.Paths</c> or a walk of <c>ListParents</c> gives them.
    /// </param>
    public bool Holds(IReadOnlyList<string> parentPath)
    {
        ArgumentNullException.ThrowIfNull(parentPath);
        if (parentPath.Count == 0)
        {
            return false;
        }

        return IncludeNested
            ? parentPath.Any(id => OrganizationalUnits.Contains(id, StringComparer.Ordinal))
            : OrganizationalUnits.Contains(parentPath[^1], StringComparer.Ordinal);
    }

    // Value equality over the list (ImmutableArray compares by reference), so targets compare by what the file says.
    public bool Equals(OrganizationScope? other) =>
        other is not null && IncludeNested == other.IncludeNested && OrganizationalUnits.SequenceEqual(other.OrganizationalUnits, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(IncludeNested);
        foreach (var unit in OrganizationalUnits)
        {
            hash.Add(unit, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
