using System.Collections.Immutable;
using OrgSync.Core.Organizations;
using OrgSync.Core.Reconcile;
using OrgSync.Core.Targets;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Reconcile;

/// <summary>The organization as listed, and the members each target should hold (SPEC §6).</summary>
public class OrganizationSnapshotTests
{
    private const string Root = "r-ab12";
    private const string Workloads = "ou-ab12-11111111";
    private const string Prod = "ou-ab12-22222222";
    private const string Sandbox = "ou-ab12-33333333";

    private static readonly HashSet<string> NoExclusions = new(StringComparer.Ordinal);

    // 1 ACTIVE directly under Workloads; 2 ACTIVE under Workloads/Prod; 3 ACTIVE under Sandbox; 4 ACTIVE under the root;
    // 5 SUSPENDED, 6 PENDING_CLOSURE, 7 PENDING_ACTIVATION, 8 CLOSED under Workloads; 9 ACTIVE without a known path.
    private static readonly OrganizationSnapshot Organization = OrganizationSnapshot.Of(
        [
            Member(1, AccountState.Active, Root, Workloads),
            Member(2, AccountState.Active, Root, Workloads, Prod),
            Member(3, AccountState.Active, Root, Sandbox),
            Member(4, AccountState.Active, Root),
            Member(5, AccountState.Suspended, Root, Workloads),
            Member(6, AccountState.PendingClosure, Root, Workloads),
            Member(7, AccountState.PendingActivation, Root, Workloads),
            Member(8, AccountState.Closed, Root, Workloads),
            Member(9, AccountState.Active),
        ],
        Time(10));

    public static TheoryData<string, OrganizationScope?, int[], int[]> Scopes => new()
    {
        // name, scope, excluded, expected desired
        { "without a scope every ACTIVE account", null, [], [1, 2, 3, 4, 9] },
        { "nested: every ACTIVE account at any depth under the unit", new OrganizationScope([Workloads]), [], [1, 2] },
        { "direct: only ACTIVE accounts whose parent is the unit", new OrganizationScope([Workloads], IncludeNested: false), [], [1] },
        { "direct: a nested unit of its own", new OrganizationScope([Prod], IncludeNested: false), [], [2] },
        { "any of several units", new OrganizationScope([Prod, Sandbox], IncludeNested: true), [], [2, 3] },
        { "the root as a unit holds every ACTIVE account with a path", new OrganizationScope([Root]), [], [1, 2, 3, 4] },
        { "a unit no one is in", new OrganizationScope(["ou-ab12-99999999"]), [], [] },
        { "excluded accounts are not desired", null, [2, 4, 5], [1, 3, 9] },
        { "excluded accounts are not desired within a scope", new OrganizationScope([Workloads]), [1], [2] },
    };

    [Theory]
    [MemberData(nameof(Scopes))]
    public void Desired_is_active_within_the_scope_minus_the_excluded(string name, OrganizationScope? scope, int[] excluded, int[] expected)
    {
        var desired = Organization.Desired(scope, excluded.Select(Account).ToHashSet(StringComparer.Ordinal));

        Assert.True(Ids(expected).SequenceEqual(desired), $"{name}: {string.Join(", ", desired)}");
    }

    [Fact]
    public void Desired_is_in_ordinal_account_order()
    {
        var desired = Organization.Desired(null, NoExclusions);

        Assert.Equal(StringComparer.Ordinal, desired.KeyComparer);
        Assert.Equal(desired.Order(StringComparer.Ordinal), desired.AsEnumerable());
    }

    [Fact]
    public void An_account_listed_twice_counts_once_as_last_read()
    {
        var snapshot = OrganizationSnapshot.Of(
            [Member(1, AccountState.Active, Root, Workloads), Member(2, AccountState.Active, Root), Member(1, AccountState.Suspended, Root, Sandbox)],
            Time(0));

        Assert.Equal(2, snapshot.Accounts.Count);
        Assert.Equal(AccountState.Suspended, snapshot.Accounts[Account(1)].State);
        Assert.Equal([Root, Sandbox], snapshot.Accounts[Account(1)].Parents.AsEnumerable());
        Assert.Equal(Ids(2), snapshot.Desired(null, NoExclusions).AsEnumerable());
    }

    [Fact]
    public void An_account_that_became_active_on_the_second_read_is_desired()
    {
        var snapshot = OrganizationSnapshot.Of(
            [Member(1, AccountState.PendingActivation, Root, Workloads), Member(1, AccountState.Active, Root, Workloads)],
            Time(0));

        Assert.Equal(Ids(1), snapshot.Desired(new OrganizationScope([Workloads]), NoExclusions).AsEnumerable());
    }

    [Fact]
    public void The_snapshot_keeps_when_the_listing_started()
    {
        var snapshot = OrganizationSnapshot.Of([], Time(42));

        Assert.Equal(Time(42), snapshot.ListedAt);
        Assert.Empty(snapshot.Accounts);
        Assert.Empty(snapshot.Desired(null, NoExclusions));
    }

    private static OrganizationAccount Member(int account, AccountState state, params string[] parents) =>
        new(Account(account), state, [.. parents]);
}
