using System.Collections.Frozen;
using System.Collections.Immutable;

namespace OrgSync.Emulator.Organizations;

/// <summary>
/// The state file's <c>organization</c>, read-only and indexed for the Organizations API: accounts by id and
/// by parent, OUs by id and by parent, each list sorted by id so that pages are found by binary search (an
/// organization of 10,000 accounts lists in O(n log n)). Built once by <see cref="OrganizationLoader"/>.
/// </summary>
internal sealed class Organization
{
    public Organization(
        string id,
        string managementAccountId,
        string rootId,
        string featureSet,
        IEnumerable<OrganizationalUnit> units,
        IEnumerable<OrganizationAccount> accounts)
    {
        Id = id;
        ManagementAccountId = managementAccountId;
        RootId = rootId;
        FeatureSet = featureSet;
        Accounts = accounts.ToFrozenDictionary(a => a.Id, StringComparer.Ordinal);
        Units = units.ToFrozenDictionary(u => u.Id, StringComparer.Ordinal);
        AccountsById = [.. Accounts.Values.OrderBy(a => a.Id, StringComparer.Ordinal)];
        AccountsByParent = AccountsById.GroupBy(a => a.ParentId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
        UnitsByParent = Units.Values.OrderBy(u => u.Id, StringComparer.Ordinal).GroupBy(u => u.ParentId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
    }

    /// <summary>The AWS root's default name; the state file does not name the root.</summary>
    public const string RootName = "Root";

    public string Id { get; }

    public string ManagementAccountId { get; }

    public string RootId { get; }

    public string FeatureSet { get; }

    public FrozenDictionary<string, OrganizationAccount> Accounts { get; }

    public FrozenDictionary<string, OrganizationalUnit> Units { get; }

    public ImmutableArray<OrganizationAccount> AccountsById { get; }

    /// <summary>The accounts directly under a root or OU (not those of its child OUs), sorted by id.</summary>
    public ImmutableArray<OrganizationAccount> AccountsUnder(string parentId) =>
        AccountsByParent.TryGetValue(parentId, out var accounts) ? accounts : [];

    /// <summary>The OUs directly under a root or OU, sorted by id.</summary>
    public ImmutableArray<OrganizationalUnit> UnitsUnder(string parentId) =>
        UnitsByParent.TryGetValue(parentId, out var units) ? units : [];

    public bool IsParent(string id) => id == RootId || Units.ContainsKey(id);

    public string Arn => $"arn:aws:organizations::{ManagementAccountId}:organization/{Id}";

    public string RootArn => $"arn:aws:organizations::{ManagementAccountId}:root/{Id}/{RootId}";

    public string AccountArn(string accountId) => $"arn:aws:organizations::{ManagementAccountId}:account/{Id}/{accountId}";

    public string UnitArn(string unitId) => $"arn:aws:organizations::{ManagementAccountId}:ou/{Id}/{unitId}";

    /// <summary>The path of the root: <c>o-…/r-…/</c>; an OU's and an account's extend it.</summary>
    public string RootPath => $"{Id}/{RootId}/";

    private FrozenDictionary<string, ImmutableArray<OrganizationAccount>> AccountsByParent { get; }

    private FrozenDictionary<string, ImmutableArray<OrganizationalUnit>> UnitsByParent { get; }
}
