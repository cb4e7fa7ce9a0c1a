using System.Collections.Immutable;
using OrgSync.Core.Organizations;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Reconcile;

/// <summary>The organization as listed at <see cref="ListedAt"/>: the truth a reconcile pass converges to (SPEC §6).</summary>
/// <param name="ListedAt">When the listing started: reconcile's own changes carry this time, so any later event wins over them.</param>
public sealed record OrganizationSnapshot(ImmutableDictionary<string, OrganizationAccount> Accounts, DateTimeOffset ListedAt)
{
    public static OrganizationSnapshot Of(IEnumerable<OrganizationAccount> accounts, DateTimeOffset listedAt) =>
        new(accounts.ToImmutableDictionary(account => account.Id, StringComparer.Ordinal), listedAt);

    /// <summary>The members a target should hold: ACTIVE accounts within its scope, minus <paramref name="excluded"/>.</summary>
    public ImmutableSortedSet<string> Desired(OrganizationScope? scope, IReadOnlySet<string> excluded) =>
        Accounts.Values
            .Where(account => account.IsActive && !excluded.Contains(account.Id) && (scope is null || scope.Holds(account.Parents)))
            .Select(account => account.Id)
            .ToImmutableSortedSet(StringComparer.Ordinal);
}
