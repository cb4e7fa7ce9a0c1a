using System.Text.Json.Nodes;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Organizations;

/// <summary>
/// Organizations over the sample state's organization: management account at the root, 222… in Prod,
/// 333… closed in Prod/Team, 444… pending activation at the root. Every answer is checked against the
/// model's output shape (ARN and path patterns included).
/// </summary>
public sealed class OrganizationsOperationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private SignedClient Client => fixture.Client;

    private static JsonObject Valid(string operation, ApiResult result)
    {
        var json = result.ShouldSucceed().Json;
        var model = ServiceModels.Organizations;
        var report = ModelValidator.Validate(model.Shape(model.Operations[operation].OutputShape!), json, ValidationOptions.StateDocument with { RejectUnknownMembers = true });
        Assert.True(report.IsValid, string.Join("; ", report.Violations.Select(v => v.ToAwsMessage())) + string.Join("; ", report.TypeMismatches));
        return json;
    }

    [Fact]
    public async Task Accounts_are_listed_with_arn_paths_state_and_the_status_derived_from_it()
    {
        var accounts = Valid("ListAccounts", await Client.Organizations("ListAccounts", "{}"))["Accounts"]!.AsArray();
        Assert.Equal(["111111111111", "222222222222", "333333333333", "444444444444"], accounts.Select(a => a!["Id"]!.GetValue<string>()));

        var member = accounts[1]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"Id":"222222222222","Arn":"arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/222222222222",
             "Email":"app-prod@example.com","Name":"app-prod","Status":"ACTIVE","State":"ACTIVE",
             "Paths":["o-a1b2c3d4e5/r-ab12/ou-ab12-prod0001/222222222222/"],"JoinedMethod":"CREATED","JoinedTimestamp":1767225600.5}
            """), member), member.ToJsonString());

        var closed = accounts[2]!;
        Assert.Equal("CLOSED", closed["State"]!.GetValue<string>());
        Assert.Equal("SUSPENDED", closed["Status"]!.GetValue<string>());
        Assert.Equal("o-a1b2c3d4e5/r-ab12/ou-ab12-prod0001/ou-ab12-team0001/333333333333/", closed["Paths"]![0]!.GetValue<string>());
        Assert.Equal("ACTIVE", accounts[3]!["Status"]!.GetValue<string>()); // PENDING_ACTIVATION
        Assert.Equal("o-a1b2c3d4e5/r-ab12/444444444444/", accounts[3]!["Paths"]![0]!.GetValue<string>());
        Assert.False(accounts[3]!.AsObject().ContainsKey("JoinedTimestamp"));
        Assert.False(member.AsObject().ContainsKey("x-cost-centre"));
    }

    [Theory]
    [InlineData("r-ab12", "ACCOUNT", new[] { "111111111111", "444444444444" })]
    [InlineData("r-ab12", "ORGANIZATIONAL_UNIT", new[] { "ou-ab12-prod0001" })]
    [InlineData("ou-ab12-prod0001", "ACCOUNT", new[] { "222222222222" })]
    [InlineData("ou-ab12-prod0001", "ORGANIZATIONAL_UNIT", new[] { "ou-ab12-team0001" })]
    [InlineData("ou-ab12-team0001", "ACCOUNT", new[] { "333333333333" })]
    [InlineData("ou-ab12-team0001", "ORGANIZATIONAL_UNIT", new string[0])]
    public async Task The_tree_is_walked_by_children_and_by_parent(string parentId, string childType, string[] expected)
    {
        var children = Valid("ListChildren", await Client.Organizations("ListChildren", $$"""{"ParentId":"{{parentId}}","ChildType":"{{childType}}"}"""))["Children"]!.AsArray();
        Assert.Equal(expected, children.Select(c => c!["Id"]!.GetValue<string>()));
        Assert.All(children, c => Assert.Equal(childType, c!["Type"]!.GetValue<string>()));

        var direct = childType == "ACCOUNT"
            ? Valid("ListAccountsForParent", await Client.Organizations("ListAccountsForParent", $$"""{"ParentId":"{{parentId}}"}"""))["Accounts"]!
            : Valid("ListOrganizationalUnitsForParent", await Client.Organizations("ListOrganizationalUnitsForParent", $$"""{"ParentId":"{{parentId}}"}"""))["OrganizationalUnits"]!;
        Assert.Equal(expected, direct.AsArray().Select(c => c!["Id"]!.GetValue<string>()));

        foreach (var child in expected)
        {
            var parents = Valid("ListParents", await Client.Organizations("ListParents", $$"""{"ChildId":"{{child}}"}"""))["Parents"]!.AsArray();
            Assert.Equal(parentId, parents.Single()!["Id"]!.GetValue<string>());
            Assert.Equal(parentId.StartsWith("r-", StringComparison.Ordinal) ? "ROOT" : "ORGANIZATIONAL_UNIT", parents.Single()!["Type"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Roots_units_the_organization_and_one_account_are_described()
    {
        var root = Valid("ListRoots", await Client.Organizations("ListRoots", "{}"))["Roots"]!.AsArray().Single()!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"Id":"r-ab12","Arn":"arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/r-ab12","Name":"Root","PolicyTypes":[]}
            """), root), root.ToJsonString());

        var team = Valid("DescribeOrganizationalUnit", await Client.Organizations("DescribeOrganizationalUnit", """{"OrganizationalUnitId":"ou-ab12-team0001"}"""))["OrganizationalUnit"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"Id":"ou-ab12-team0001","Arn":"arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-team0001","Name":"Team",
             "Path":"o-a1b2c3d4e5/r-ab12/ou-ab12-prod0001/ou-ab12-team0001/"}
            """), team), team.ToJsonString());

        var organization = Valid("DescribeOrganization", await Client.Organizations("DescribeOrganization", "{}"))["Organization"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"Id":"o-a1b2c3d4e5","Arn":"arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5","FeatureSet":"ALL",
             "MasterAccountArn":"arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/111111111111","MasterAccountId":"111111111111",
             "MasterAccountEmail":"management@example.com","AvailablePolicyTypes":[]}
            """), organization), organization.ToJsonString());

        var account = Valid("DescribeAccount", await Client.Organizations("DescribeAccount", """{"AccountId":"333333333333"}"""))["Account"]!;
        Assert.Equal("old-team", account["Name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("DescribeAccount", """{"AccountId":"999999999999"}""", "AccountNotFoundException", "You specified an account that doesn't exist.")]
    [InlineData("ListAccountsForParent", """{"ParentId":"ou-ab12-nothere1"}""", "ParentNotFoundException", "You specified a parent that doesn't exist.")]
    [InlineData("ListChildren", """{"ParentId":"r-zz99","ChildType":"ACCOUNT"}""", "ParentNotFoundException", "You specified a parent that doesn't exist.")]
    [InlineData("ListOrganizationalUnitsForParent", """{"ParentId":"ou-ab12-nothere1"}""", "ParentNotFoundException", "You specified a parent that doesn't exist.")]
    [InlineData("ListParents", """{"ChildId":"999999999999"}""", "ChildNotFoundException", "You specified a child that doesn't exist.")]
    [InlineData("ListParents", """{"ChildId":"ou-ab12-nothere1"}""", "ChildNotFoundException", "You specified a child that doesn't exist.")]
    [InlineData("DescribeOrganizationalUnit", """{"OrganizationalUnitId":"ou-ab12-nothere1"}""", "OrganizationalUnitNotFoundException", "You specified an organizational unit that doesn't exist.")]
    public async Task Unknown_ids_answer_the_modeled_not_found_errors(string operation, string body, string code, string message)
    {
        var result = await Client.Organizations(operation, body);
        result.ShouldFail(400, code);
        Assert.Equal(message, result.ErrorMessage);
        Assert.Equal(message, result.Json["Message"]!.GetValue<string>()); // the shapes' member is "Message"
        Assert.Contains(code, ServiceModels.Organizations.Operations[operation].Errors);
    }

    [Theory]
    [InlineData("DescribeAccount", """{"AccountId":"12345"}""", "INVALID_PATTERN", "You provided a value that doesn't match the required pattern.")]
    [InlineData("ListAccounts", """{"MaxResults":21}""", "MAX_VALUE_EXCEEDED", "You provided a numeric parameter that has a larger value than allowed.")]
    [InlineData("ListAccounts", """{"MaxResults":0}""", "MIN_VALUE_EXCEEDED", "You provided a numeric parameter that has a smaller value than allowed.")]
    [InlineData("ListChildren", """{"ParentId":"r-ab12","ChildType":"POLICY"}""", "INVALID_ENUM", "You specified an invalid value.")]
    [InlineData("ListChildren", """{"ParentId":"r-ab12"}""", "INPUT_REQUIRED", "You must include a value for all required parameters.")]
    [InlineData("ListAccounts", """{"NextToken":"not-a-token"}""", "INVALID_NEXT_TOKEN", "Get the value for the NextToken parameter from the response to a previous call of the operation.")]
    public async Task Bad_input_is_an_InvalidInputException_with_its_reason(string operation, string body, string reason, string message)
    {
        var result = await Client.Organizations(operation, body);
        result.ShouldFail(400, "InvalidInputException");
        Assert.Equal(reason, result.Json["Reason"]!.GetValue<string>());
        Assert.StartsWith(message, result.ErrorMessage);
        Assert.Contains(reason, ServiceModels.Organizations.Shape("InvalidInputExceptionReason").Enum!);
    }

    [Fact]
    public async Task A_member_account_is_refused_but_may_describe_its_organization()
    {
        using var member = await Client.AssumeRoleAsync($"arn:aws:iam::{TestState.Member}:role/OrgSyncMemberRole");
        foreach (var (operation, body) in new[] { ("ListAccounts", "{}"), ("ListRoots", "{}"), ("DescribeAccount", """{"AccountId":"222222222222"}"""), ("ListParents", """{"ChildId":"222222222222"}""") })
        {
            var refused = await member.Organizations(operation, body);
            refused.ShouldFail(400, "AccessDeniedException");
            Assert.Equal("You don't have permissions to access this resource.", refused.ErrorMessage);
        }

        var organization = Valid("DescribeOrganization", await member.Organizations("DescribeOrganization", "{}"))["Organization"]!;
        Assert.Equal("111111111111", organization["MasterAccountId"]!.GetValue<string>());

        using var outsider = await Client.AssumeRoleAsync("arn:aws:iam::999999999999:role/OrgSyncMemberRole");
        foreach (var operation in new[] { "DescribeOrganization", "ListAccounts" })
        {
            var none = await outsider.Organizations(operation, "{}");
            none.ShouldFail(400, "AWSOrganizationsNotInUseException");
            Assert.Equal("Your account is not a member of an organization.", none.ErrorMessage);
        }
    }

    [Fact]
    public async Task Organizations_is_global_and_speaks_awsJson()
    {
        using var eu = Client.WithRegion("eu-central-1");
        var result = (await eu.Organizations("ListRoots", "{}")).ShouldSucceed();
        Assert.Equal("application/x-amz-json-1.1", result.Response.Content.Headers.ContentType!.MediaType);
        (await Client.Organizations("CreateAccount", """{"Email":"a@example.com","AccountName":"a"}""")).ShouldFail(400, "UnknownOperationException");
        (await Client.Organizations("ListAccounts", "{\"maxResults\":1}")).ShouldFail(400, "InvalidInputException");
        (await Client.Organizations("ListAccounts", "{\"MaxResults\":\"1\"}")).ShouldFail(400, "SerializationException");
    }
}
