using System.Net;
using System.Text.Json.Nodes;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Organizations;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Aws.Tests.Models;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Tests.Wire;

public sealed class OrganizationsClientWireTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Each operation with the exact body it must send.</summary>
    private static readonly Dictionary<string, (Func<OrganizationsClient, Task> Call, string Body)> Operations = new(StringComparer.Ordinal)
    {
        ["ListAccounts"] = (c => c.ListAccountsAsync(new() { NextToken = "t-1", MaxResults = 20 }, None), """{"NextToken":"t-1","MaxResults":20}"""),
        ["DescribeAccount"] = (c => c.DescribeAccountAsync(new() { AccountId = "222222222222" }, None), """{"AccountId":"222222222222"}"""),
        ["ListParents"] = (c => c.ListParentsAsync(new() { ChildId = "222222222222" }, None), """{"ChildId":"222222222222"}"""),
        ["DescribeOrganization"] = (c => c.DescribeOrganizationAsync(None), "{}"),
    };

    public static TheoryData<string> OperationNames => [.. Operations.Keys];

    public static TheoryData<string, string, int> ModeledErrors => ModelOperations.ErrorCases("organizations", Operations.Keys);

    [Theory]
    [MemberData(nameof(OperationNames))]
    public async Task Every_operation_is_an_awsJson11_POST_to_the_global_endpoint_signed_for_us_east_1_from_any_region(string operation)
    {
        var aws = new ScriptedAws().On(operation, _ => Reply.Json("{}"));
        using var clients = TestAws.Factory(aws, environment: Region("eu-west-1"));

        await Operations[operation].Call(clients.Organizations());

        var request = Assert.Single(aws.Requests);
        Assert.Equal(("POST", "https://organizations.us-east-1.amazonaws.com/"), (request.Method, request.Uri.AbsoluteUri));
        Assert.Equal($"{ModelOperations.Load("organizations").Metadata("targetPrefix")}.{operation}", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.ContentType);
        Assert.Equal(Operations[operation].Body, request.Body);
        SigV4.AssertSigned(request, FakeAws.HomeAccessKey, "us-east-1", "organizations", "x-amz-target", "content-type");
        Assert.True(ModelOperations.Load("organizations").OperationNames.Contains(operation), operation + " is not in the model");
        ModelCheck.AssertValidInput("organizations", operation, request.Body);
    }

    [Fact]
    public async Task In_the_china_partition_the_global_endpoint_is_cn_northwest_1()
    {
        var aws = new ScriptedAws().On("DescribeOrganization", _ => Reply.Json("{}"));
        using var clients = TestAws.Factory(aws, environment: Region("cn-north-1"));

        await clients.Organizations().DescribeOrganizationAsync(None);

        var request = Assert.Single(aws.Requests);
        Assert.Equal("https://organizations.cn-northwest-1.amazonaws.com.cn/", request.Uri.AbsoluteUri);
        SigV4.AssertSigned(request, FakeAws.HomeAccessKey, "cn-northwest-1", "organizations");
    }

    [Theory]
    [MemberData(nameof(ModeledErrors))]
    public async Task Every_modeled_error_is_read_to_its_code(string operation, string code, int status)
    {
        // Organizations' servers send the shape id with its namespace; the client keeps the name.
        var aws = new ScriptedAws().On(operation, _ => Reply.JsonError(status, "com.amazonaws.awsorganizationsv20161128#" + code, "it failed"));
        using var clients = TestAws.Factory(aws);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Operations[operation].Call(clients.Organizations()));

        Assert.Equal((code, "it failed", status), (error.ErrorCode, error.Message, (int)error.StatusCode));
        Assert.Equal(("organizations", operation), (error.Service, error.Operation));
        var expected = code switch
        {
            "TooManyRequestsException" => FailureKind.Throttling,
            "ServiceException" or "ConcurrentModificationException" => FailureKind.Transient,
            _ => FailureKind.Permanent,
        };
        Assert.Equal(expected, error.FailureKind);
    }

    [Fact]
    public async Task Accounts_are_read_with_state_paths_and_the_epoch_joined_timestamp()
    {
        const string Body = """
            {"Accounts":[{"Id":"222222222222","Arn":"arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/222222222222",
              "Email":"app@example.com","Name":"app","Status":"ACTIVE","State":"ACTIVE","JoinedMethod":"INVITED",
              "JoinedTimestamp":1767225600.25,"Paths":["o-a1b2c3d4e5/r-ab12/ou-ab12-prod0001/222222222222/"],"SomethingNew":1}],
             "NextToken":"next"}
            """;
        var aws = new ScriptedAws().On("ListAccounts", _ => Reply.Json(Body));
        using var clients = TestAws.Factory(aws);

        var page = await clients.Organizations().ListAccountsAsync(new(), None);

        var account = Assert.Single(page.Accounts!.Value);
        Assert.Equal(("222222222222", "app@example.com", "app", "ACTIVE", "ACTIVE", "INVITED"), (account.Id, account.Email, account.Name, account.Status, account.State, account.JoinedMethod));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767225600250), account.JoinedTimestamp);
        Assert.Equal(["o-a1b2c3d4e5/r-ab12/ou-ab12-prod0001/222222222222/"], account.Paths!.Value.ToArray());
        Assert.Equal("o-a1b2c3d4e5", account.OrganizationId);
        Assert.True(account.ExtensionData!.ContainsKey("SomethingNew"));
        Assert.Equal("next", page.NextToken);
    }

    [Fact]
    public async Task Listing_all_accounts_follows_tokens_through_empty_pages_until_none_is_left()
    {
        var aws = new ScriptedAws().Then(
            "ListAccounts",
            Reply.Json("""{"Accounts":[{"Id":"222222222222"},{"Id":"333333333333"}],"NextToken":"t-1"}"""),
            Reply.Json("""{"Accounts":[],"NextToken":"t-2"}"""),
            Reply.Json("""{"NextToken":"t-3"}"""),
            Reply.Json("""{"Accounts":[{"Id":"444444444444"}],"NextToken":""}"""));
        using var clients = TestAws.Factory(aws);

        var accounts = await clients.Organizations().ListAllAccountsAsync(pageSize: 2, None);

        Assert.Equal(["222222222222", "333333333333", "444444444444"], accounts.Select(a => a.Id));
        Assert.Equal(
            ["""{"MaxResults":2}""", """{"NextToken":"t-1","MaxResults":2}""", """{"NextToken":"t-2","MaxResults":2}""", """{"NextToken":"t-3","MaxResults":2}"""],
            aws.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task A_token_that_comes_back_again_stops_the_listing_instead_of_looping()
    {
        var aws = new ScriptedAws()
            .Then("ListAccounts", Reply.Json("""{"Accounts":[{"Id":"222222222222"}],"NextToken":"t-1"}"""), Reply.Json("""{"Accounts":[],"NextToken":"t-2"}"""))
            .On("ListAccounts", _ => Reply.Json("""{"Accounts":[],"NextToken":"t-1"}"""));
        using var clients = TestAws.Factory(aws);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Organizations().ListAllAccountsAsync(None));

        Assert.Equal((ErrorCodes.RepeatedPageToken, FailureKind.Permanent), (error.ErrorCode, error.FailureKind));
        Assert.Equal(("organizations", "ListAccounts"), (error.Service, error.Operation));
        Assert.Equal(3, aws.Requests.Count);
    }

    [Fact]
    public async Task The_parents_listing_walks_its_pages()
    {
        var aws = new ScriptedAws()
            .Then("ListParents", Reply.Json("""{"Parents":[],"NextToken":"p"}"""), Reply.Json("""{"Parents":[{"Id":"r-ab12","Type":"ROOT"}]}"""));
        using var clients = TestAws.Factory(aws);

        var parents = await clients.Organizations().ListAllParentsAsync("222222222222", None);

        Assert.Equal(OrganizationNodeType.Root, Assert.Single(parents).Type);
        Assert.Equal("""{"ChildId":"222222222222","NextToken":"p"}""", aws.For("ListParents")[1].Body);
        Assert.All(aws.Requests, r => ModelCheck.AssertValidInput("organizations", r.Operation, r.Body));
    }

    [Fact]
    public async Task Finding_an_account_returns_null_when_the_organization_does_not_hold_it()
    {
        var organization = new FakeOrganization().Account("222222222222", FakeOrganization.RootId, "SUSPENDED");
        var aws = organization.ServeOn(new ScriptedAws());
        using var clients = TestAws.Factory(aws);

        var known = await clients.Organizations().FindAccountAsync("222222222222", None);
        var unknown = await clients.Organizations().FindAccountAsync("999999999999", None);

        Assert.Equal(("222222222222", AccountState.Suspended, false), (known?.Id, known?.EffectiveState, known?.IsActive));
        Assert.Null(unknown);
    }

    [Fact]
    public async Task The_organization_is_described()
    {
        var aws = new FakeOrganization().ServeOn(new ScriptedAws());
        using var clients = TestAws.Factory(aws);

        var organization = (await clients.Organizations().DescribeOrganizationAsync(None)).Organization;

        Assert.Equal((FakeOrganization.OrganizationId, "ALL", FakeOrganization.ManagementAccount), (organization?.Id, organization?.FeatureSet, organization?.MasterAccountId));
    }

    internal static Func<string, string?> Region(string region) => name => name == "AWS_REGION" ? region : null;

}
