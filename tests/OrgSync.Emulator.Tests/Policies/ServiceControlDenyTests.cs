using System.Text.Json.Nodes;
using System.Xml.Linq;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.State;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Policies;

public sealed class ServiceControlDenyTests
{
    private const string Member = TestState.Member;
    private const string Role = "OrgSyncMemberRole";
    private const string Management = "999999999999";
    private const string PolicyArn = "arn:aws:organizations::999999999999:policy/o-a1b2c3d4e5/service_control_policy/p-examplepolicy";

    /// <summary>
    /// The sample state with its home account as a delegated administrator: a member of the organization, whose
    /// management account is another (999…, at the root). SCPs never affect the management account, so a deny for
    /// the state's own account is only possible when that account is a member.
    /// </summary>
    private static JsonObject DelegatedAdministrator()
    {
        var state = JsonNode.Parse(TestState.Sample)!.AsObject();
        var organization = state["organization"]!.AsObject();
        organization["managementAccountId"] = Management;
        var accounts = organization["accounts"]!.AsArray();
        accounts[0]!["Name"] = "security-tooling";
        accounts.Add(JsonNode.Parse($$"""
            { "Id": "{{Management}}", "Name": "management", "Email": "management@example.com", "State": "ACTIVE", "parentId": "{{TestState.RootId}}",
              "JoinedMethod": "CREATED", "JoinedTimestamp": 1767225600 }
            """));
        return state;
    }

    /// <summary>The delegated-administrator state, with denies for the member accounts and unknown fields in them.</summary>
    private static string State()
    {
        var state = DelegatedAdministrator();
        state["serviceControlDenies"] = JsonNode.Parse($$"""
            [ { "accountId": "{{Member}}", "action": "config:PutDeliveryChannel", "x-why": "central Config" },
              { "accountId": "{{Member}}", "action": "imagebuilder:Get*" },
              { "accountId": "{{Member}}", "action": "EVENTS:putevents", "policyArn": "{{PolicyArn}}" },
              { "accountId": "{{Member}}", "action": "states:SendTask?ucce*" },
              { "accountId": "{{Member}}", "action": "sts:AssumeRole" },
              { "action": "config:DeleteConfigurationAggregator" } ]
            """);
        return state.ToJsonString();
    }

    private static string Denied(string principal, string action, string resource) =>
        $"User: {principal} is not authorized to perform: {action} on resource: {resource} with an explicit deny in a service control policy";

    [Fact]
    public async Task A_denied_call_answers_access_denied_in_its_protocol_and_changes_nothing()
    {
        await using var emulator = await TestState.StartAsync(state: State());
        using var home = SignedClient.Home(emulator);
        using var member = await home.AssumeRoleAsync($"arn:aws:iam::{Member}:role/{Role}", session: "sync");
        var principal = $"arn:aws:sts::{Member}:assumed-role/{Role}/sync";
        var before = emulator.State.ExportNode();

        var config = await member.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"new-bucket"}}""");
        config.ShouldFail(400, "AccessDeniedException");
        Assert.Equal(Denied(principal, "config:PutDeliveryChannel", "*"), config.ErrorMessage);
        Assert.Equal("AccessDeniedException", config.Json["__type"]!.GetValue<string>());

        var imageBuilder = await member.GetDistribution(TestState.GoldenArn);
        imageBuilder.ShouldFail(403, "AccessDeniedException");
        Assert.Equal(Denied(principal, "imagebuilder:GetDistributionConfiguration", TestState.GoldenArn), imageBuilder.ErrorMessage);

        var events = await member.Events("PutEvents", """{"Entries":[{"Source":"s","DetailType":"d","Detail":"{}"}]}""");
        events.ShouldFail(400, "AccessDeniedException");
        Assert.Equal(Denied(principal, "events:PutEvents", $"arn:aws:events:us-east-1:{Member}:event-bus/default") + ": " + PolicyArn, events.ErrorMessage);

        var states = await member.StepFunctions("SendTaskSuccess", """{"taskToken":"t","output":"{}"}""");
        states.ShouldFail(400, "AccessDeniedException");
        Assert.Equal(Denied(principal, "states:SendTaskSuccess", "*"), states.ErrorMessage);

        var sts = await member.Sts("AssumeRole", new() { ["RoleArn"] = $"arn:aws:iam::{Member}:role/Other", ["RoleSessionName"] = "chained" });
        sts.ShouldFail(403, "AccessDenied");
        Assert.Equal(Denied(principal, "sts:AssumeRole", $"arn:aws:iam::{Member}:role/Other"), sts.ErrorMessage);
        Assert.Equal("Sender", sts.Xml.Descendants(XNamespace.Get("https://sts.amazonaws.com/doc/2011-06-15/") + "Type").Single().Value);

        // Nothing changed, and every refused call was counted.
        var after = emulator.State.ExportNode();
        Assert.True(JsonNode.DeepEquals(before, after), after.ToJsonString());
        Assert.Equal(1, emulator.CallCount("config.PutDeliveryChannel"));
        Assert.Equal(1, emulator.CallCount("events.PutEvents"));
        Assert.Equal(1, emulator.CallCount("states.SendTaskSuccess"));
        Assert.Equal(2, emulator.CallCount("sts.AssumeRole"));
    }

    [Fact]
    public async Task Only_the_listed_account_and_matching_actions_are_denied()
    {
        await using var emulator = await TestState.StartAsync(state: State());
        using var home = SignedClient.Home(emulator);
        using var member = await home.AssumeRoleAsync($"arn:aws:iam::{Member}:role/{Role}");

        // Other actions of the same service: SendTask?ucce* matches SendTaskSuccess, not SendTaskFailure.
        (await member.Config("DescribeDeliveryChannels", "{}")).ShouldSucceed();
        (await member.StepFunctions("SendTaskFailure", """{"taskToken":"t"}""")).ShouldFail(400, "InvalidToken");
        // The same action from another account.
        (await home.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"home-bucket"}}""")).ShouldSucceed();
        (await home.GetDistribution(TestState.GoldenArn)).ShouldSucceed();

        // A deny without accountId applies to the state's own account (here a member, the delegated administrator);
        // its message names the long-term user.
        var delete = await home.Config("DeleteConfigurationAggregator", """{"ConfigurationAggregatorName":"org-aggregator"}""");
        delete.ShouldFail(400, "AccessDeniedException");
        var arn = emulator.State.ExportNode()["configurationAggregators"]![0]!["ConfigurationAggregatorArn"]!.GetValue<string>();
        Assert.Equal(Denied($"arn:aws:iam::{TestState.Home}:user/orgsync-emulator", "config:DeleteConfigurationAggregator", arn), delete.ErrorMessage);
        Assert.Single(emulator.State.ExportNode()["configurationAggregators"]!.AsArray());
    }

    [Fact]
    public async Task Organizations_and_IAM_calls_are_denied_in_their_protocols()
    {
        var state = DelegatedAdministrator();
        state["serviceControlDenies"] = JsonNode.Parse($$"""
            [ { "action": "organizations:List*", "policyArn": "{{PolicyArn}}" }, { "accountId": "{{Member}}", "action": "iam:GetRole" } ]
            """);
        await using var emulator = await TestState.StartAsync(state: state.ToJsonString());
        using var home = SignedClient.Home(emulator);
        using var member = await home.AssumeRoleAsync($"arn:aws:iam::{Member}:role/{Role}", session: "sync");

        var accounts = await home.Organizations("ListAccounts", "{}");
        accounts.ShouldFail(400, "AccessDeniedException");
        Assert.Equal(Denied($"arn:aws:iam::{TestState.Home}:user/orgsync-emulator", "organizations:ListAccounts", "*") + ": " + PolicyArn, accounts.ErrorMessage);
        Assert.Equal(accounts.ErrorMessage, accounts.Json["Message"]!.GetValue<string>()); // Organizations' error shapes spell it Message
        (await home.Organizations("DescribeOrganization", "{}")).ShouldSucceed();

        var role = await member.Iam("GetRole", new() { ["RoleName"] = "EC2ImageBuilderDistributionCrossAccountRole" });
        role.ShouldFail(403, "AccessDenied");
        Assert.Equal(Denied($"arn:aws:sts::{Member}:assumed-role/{Role}/sync", "iam:GetRole", "*"), role.ErrorMessage);
        (await home.Iam("GetRole", new() { ["RoleName"] = "OrgSyncMemberRole" })).ShouldSucceed();
    }

    [Fact]
    public async Task A_deny_is_answered_before_the_in_use_fault()
    {
        var state = DelegatedAdministrator();
        state["serviceControlDenies"] = JsonNode.Parse("""[ { "action": "imagebuilder:UpdateDistributionConfiguration" } ]""");
        await using var emulator = await TestState.StartAsync(new() { Faults = FaultSettings.Parse("in-use=1") }, state.ToJsonString());
        using var home = SignedClient.Home(emulator);
        var update = JsonNode.Parse($$$"""{"distributionConfigurationArn":"{{{TestState.GoldenArn}}}","distributions":[{"region":"us-east-1","amiDistributionConfiguration":{}}],"clientToken":"denied"}""")!.AsObject();

        // An SCP is evaluated when the request is authorized, before the service looks at the resource.
        (await home.ImageBuilder("PUT", "/UpdateDistributionConfiguration", update)).ShouldFail(403, "AccessDeniedException");
    }

    [Fact]
    public async Task Without_an_organization_a_deny_applies_to_the_state_s_own_account()
    {
        // No organization, so no management account to exempt: the home account may be any member account.
        var state = JsonNode.Parse(TestState.Sample)!.AsObject();
        state.Remove("organization");
        state["serviceControlDenies"] = JsonNode.Parse("""[ { "action": "config:PutDeliveryChannel" } ]""");
        await using var emulator = await TestState.StartAsync(state: state.ToJsonString());
        using var home = SignedClient.Home(emulator);
        using var member = await home.AssumeRoleAsync($"arn:aws:iam::{Member}:role/{Role}");

        var put = await home.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"home-bucket"}}""");
        put.ShouldFail(400, "AccessDeniedException");
        Assert.Equal(Denied($"arn:aws:iam::{TestState.Home}:user/orgsync-emulator", "config:PutDeliveryChannel", "*"), put.ErrorMessage);
        (await member.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"member-bucket"}}""")).ShouldSucceed();
    }

    [Theory]
    [InlineData("""{ "action": "organizations:List*" }""", "; an entry without accountId is the state's own account")]
    [InlineData("""{ "accountId": "111111111111", "action": "config:DeleteConfigurationAggregator" }""", "")]
    public void A_deny_for_the_management_account_is_a_state_file_error(string deny, string defaulted)
    {
        // The sample's home account is the organization's management account, which SCPs never affect.
        var state = JsonNode.Parse(TestState.Sample)!.AsObject();
        state["serviceControlDenies"] = JsonNode.Parse($$"""[ { "accountId": "{{Member}}", "action": "iam:GetRole" }, {{deny}} ]""");

        var error = Assert.Throws<StateFileException>(() => EmulatorState.Parse(state.ToJsonString(), "scp.json"));
        Assert.Equal("$.serviceControlDenies[1].accountId", error.JsonPath);
        Assert.Equal(
            $"state file scp.json: $.serviceControlDenies[1].accountId: {TestState.Home} is the organization's management account "
            + $"(organization.managementAccountId{defaulted}); service control policies never affect the management account",
            error.Message);
    }

    [Fact]
    public async Task The_denies_are_written_back_unchanged()
    {
        var state = State();
        await using var emulator = await TestState.StartAsync(state: state);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(state)!["serviceControlDenies"], emulator.State.ExportNode()["serviceControlDenies"]));
    }
}
