using System.Collections.Immutable;
using OrgSync.Core.Organizations;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Reconcile;

/// <summary>The organization as listed at <see cref="ListedAt"/>: the truth a reconcile pass converges to (SPEC §6).</summary>
/// <param name="ListedAt">When the listing started: reconcile's own changes carry this time, so any later event wins over them.</param>
public sealed record OrganizationSnapshot(ImmutableDictionary<string, OrganizationAccount> Accounts, DateTimeOffset ListedAt)
{
    /// <summary>
    /// The snapshot of a listing. An account listed twice (pages shift while accounts join or leave during a long
    /// listing) counts once, as last read.
    /// </summary>
    public static OrganizationSnapshot Of(IEnumerable<OrganizationAccount> accounts, DateTimeOffset listedAt)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var byId = ImmutableDictionary.CreateBuilder<string, OrganizationAccount>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            byId[account.Id] = account;
        }

        return new(byId.ToImmutable(), listedAt);
    }

    /// <summary>The members a target should hold: ACTIVE accounts within its scope, minus <paramref name="excluded"/>.</summary>
    public ImmutableSortedSet<string> Desired(OrganizationScope? scope, IReadOnlySet<string> excluded) =>
        Accounts.Values
            .Where(account => account.IsActive && !excluded.Contains(account.Id) && (scope is null || scope.Holds(account.Parents)))
            .Select(account => account.Id)
            .ToImmutableSortedSet(StringComparer.Ordinal);
}
