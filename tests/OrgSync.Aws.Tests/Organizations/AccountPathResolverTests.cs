using System.Text.Json;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Organizations;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Core.Tests.Planning;

namespace OrgSync.Aws.Tests.Organizations;

public sealed class AccountPathResolverTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>root ← ou-ab12-prod0001 ← ou-ab12-prodeu01; accounts in each, two in the deepest.</summary>
    private static FakeOrganization Tree(bool paths = true, bool arns = true) => new FakeOrganization { IncludePaths = paths, IncludeArns = arns }
        .Unit("ou-ab12-prod0001", FakeOrganization.RootId)
        .Unit("ou-ab12-prodeu01", "ou-ab12-prod0001")
        .Account("222222222222", FakeOrganization.RootId)
        .Account("333333333333", "ou-ab12-prod0001")
        .Account("444444444444", "ou-ab12-prodeu01")
        .Account("555555555555", "ou-ab12-prodeu01", "SUSPENDED");

    [Fact]
    public async Task Without_Paths_the_path_is_walked_up_the_parents_and_reads_as_AWS_writes_it()
    {
        var organization = Tree(paths: false);
        var aws = organization.ServeOn(new ScriptedAws());
        using var clients = TestAws.Factory(aws);
        var resolver = new AccountPathResolver(clients.Organizations());

        var accounts = await clients.Organizations().ListAllAccountsAsync(None);
        var paths = new Dictionary<string, string>();
        foreach (var account in accounts)
        {
            Assert.Null(account.Paths);
            paths[account.Id!] = Assert.Single(await resolver.PathsOfAsync(account, None));
        }

        Assert.Equal(organization.Accounts.Keys.Order().Select(organization.PathOf), paths.Values);
        Assert.Equal("o-a1b2c3d4e5/r-ab12/ou-ab12-prod0001/ou-ab12-prodeu01/444444444444/", paths["444444444444"]);
        Assert.Equal("o-a1b2c3d4e5/r-ab12/222222222222/", paths["222222222222"]);
        Assert.All(paths.Values, AssertModelPath);
    }

    [Fact]
    public async Task Containers_are_looked_up_once_per_resolver_and_the_organization_id_comes_from_the_arn()
    {
        var organization = Tree(paths: false);
        var aws = organization.ServeOn(new ScriptedAws());
        using var clients = TestAws.Factory(aws);
        var resolver = new AccountPathResolver(clients.Organizations());
        var accounts = await clients.Organizations().ListAllAccountsAsync(None);

        foreach (var account in accounts)
        {
            await resolver.PathsOfAsync(account, None);
        }

        // one per account, plus each of the two OUs once; the root needs none
        Assert.Equal(6, aws.For("ListParents").Count);
        Assert.Equal(
            ["222222222222", "333333333333", "ou-ab12-prod0001", "444444444444", "ou-ab12-prodeu01", "555555555555"],
            aws.For("ListParents").Select(r => r.Json!["ChildId"]!.GetValue<string>()));
        Assert.Empty(aws.For("DescribeOrganization"));
    }

    [Fact]
    public async Task Without_an_account_arn_the_organization_is_described_once()
    {
        var organization = Tree(paths: false, arns: false);
        var aws = organization.ServeOn(new ScriptedAws());
        using var clients = TestAws.Factory(aws);
        var resolver = new AccountPathResolver(clients.Organizations());

        var first = await resolver.PathOfAsync("444444444444", None);
        var second = await resolver.PathOfAsync("333333333333", None);

        Assert.Equal((organization.PathOf("444444444444"), organization.PathOf("333333333333")), (first, second));
        Assert.Single(aws.For("DescribeOrganization"));
    }

    [Fact]
    public async Task Accounts_that_carry_Paths_are_answered_from_them()
    {
        var aws = Tree().ServeOn(new ScriptedAws());
        using var clients = TestAws.Factory(aws);
        var resolver = new AccountPathResolver(clients.Organizations());
        var accounts = await clients.Organizations().ListAllAccountsAsync(None);

        var paths = await Task.WhenAll(accounts.Select(a => resolver.PathsOfAsync(a, None)));

        Assert.Equal("o-a1b2c3d4e5/r-ab12/ou-ab12-prod0001/333333333333/", Assert.Single(paths[1]));
        Assert.Equal(["ListAccounts"], aws.Requests.Select(r => r.Operation));
    }

    [Fact]
    public async Task A_chain_of_parents_that_never_reaches_the_root_fails_instead_of_looping()
    {
        var aws = new ScriptedAws().On("ListParents", _ => Reply.Json("""{"Parents":[{"Id":"ou-ab12-loop0001","Type":"ORGANIZATIONAL_UNIT"}]}"""));
        using var clients = TestAws.Factory(aws);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => new AccountPathResolver(clients.Organizations()).PathOfAsync("222222222222", None));

        Assert.Equal(ErrorCodes.UnreadableResponse, error.ErrorCode);
        Assert.InRange(aws.Requests.Count, 2, 20);
    }

    [Fact]
    public async Task An_account_the_organization_does_not_hold_fails_with_the_service_error()
    {
        var aws = Tree().ServeOn(new ScriptedAws());
        using var clients = TestAws.Factory(aws);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => new AccountPathResolver(clients.Organizations()).PathOfAsync("999999999999", None));

        Assert.Equal(("ChildNotFoundException", "ListParents"), (error.ErrorCode, error.Operation));
    }

    private static void AssertModelPath(string path)
    {
        using var value = JsonDocument.Parse(JsonSerializer.Serialize(path));
        Assert.Empty(ServiceModel.Load("organizations.service-2.json").Validate(value.RootElement, "Path"));
    }
}
