using OrgSync.Core.Targets;

namespace OrgSync.Core.Tests.Targets;

/// <summary>What a <c>scope</c> holds: accounts directly under one of its OUs, or at any depth with <c>includeNested</c>.</summary>
public sealed class OrganizationScopeTests
{
    private const string Root = "r-ab12";
    private const string Workloads = "ou-ab12-11111111";
    private const string Prod = "ou-ab12-22222222";
    private const string Sandbox = "ou-ab12-33333333";

    [Theory]
    [InlineData(true, new[] { Root, Workloads }, true)]
    [InlineData(true, new[] { Root, Workloads, Prod }, true)]
    [InlineData(true, new[] { Root, Sandbox }, false)]
    [InlineData(true, new[] { Root }, false)]
    [InlineData(true, new string[0], false)]
    [InlineData(false, new[] { Root, Workloads }, true)]
    [InlineData(false, new[] { Root, Workloads, Prod }, false)]
    [InlineData(false, new[] { Root, Prod, Workloads }, true)]
    public void Holds_accounts_under_its_units(bool includeNested, string[] parentPath, bool expected)
    {
        var scope = new OrganizationScope([Workloads], includeNested);

        Assert.Equal(expected, scope.Holds(parentPath));
    }

    [Fact]
    public void Any_of_several_units_will_do()
    {
        var scope = new OrganizationScope([Sandbox, Prod], IncludeNested: false);

        Assert.True(scope.Holds([Root, Workloads, Prod]));
        Assert.True(scope.Holds([Root, Sandbox]));
        Assert.False(scope.Holds([Root, Workloads]));
    }

    [Fact]
    public void Scopes_compare_by_what_they_list()
    {
        Assert.Equal(new OrganizationScope([Workloads, Prod]), new OrganizationScope([Workloads, Prod]));
        Assert.Equal(new OrganizationScope([Workloads, Prod]).GetHashCode(), new OrganizationScope([Workloads, Prod]).GetHashCode());
        Assert.NotEqual(new OrganizationScope([Workloads, Prod]), new OrganizationScope([Prod, Workloads]));
        Assert.NotEqual(new OrganizationScope([Workloads]), new OrganizationScope([Workloads], IncludeNested: false));
    }
}
