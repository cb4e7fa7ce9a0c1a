namespace OrgSync.Functions.Tests.Template;

/// <summary>infra/: the member-account role (StackSet) and the event forwarder.</summary>
public sealed class InfraTemplateTests
{
    [Fact]
    public async Task The_member_role_trusts_only_the_OrgSync_function_roles()
    {
        var template = await TemplateValidation.TemplateAsync("infra/member-role.yaml");
        var scenario = new CfnScenario(template, new Dictionary<string, string> { ["OrgSyncAccountId"] = "222233334444" });
        var role = scenario.Resource("MemberRole")["Properties"]!;

        Assert.Equal("OrgSyncMemberRole", role["RoleName"].Text());
        Assert.Equal("/", role["Path"].Text());
        var trust = role["AssumeRolePolicyDocument"]!["Statement"]!.AsArray();
        Assert.True(trust.Count == 1, $"one trust statement expected: {trust.Show()}");
        Assert.Equal("arn:aws:iam::222233334444:root", trust[0]!["Principal"]?["AWS"].Text());
        Assert.True(trust[0]!["Condition"]?["ArnLike"]?["aws:PrincipalArn"].Texts().SequenceEqual(["arn:aws:iam::222233334444:role/orgsync/*"]) == true,
            $"the trust must be narrowed to the OrgSync roles by aws:PrincipalArn: {trust[0].Show()}");

        var exact = new CfnScenario(template, new Dictionary<string, string>
        {
            ["OrgSyncAccountId"] = "222233334444",
            ["OrgSyncFunctionRoleArns"] = "arn:aws:iam::222233334444:role/orgsync/a,arn:aws:iam::222233334444:role/orgsync/b",
            ["OrganizationId"] = Scenarios.OrganizationId,
        });
        var exactTrust = exact.Resource("MemberRole")["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]![0]!;
        Assert.True(exactTrust["Condition"]!["ArnLike"]!["aws:PrincipalArn"].Texts().Count == 2, $"explicit role ARNs replace the path pattern: {exactTrust.Show()}");
        Assert.Equal(Scenarios.OrganizationId, exactTrust["Condition"]!["StringEquals"]?["aws:PrincipalOrgID"].Text());
    }

    [Fact]
    public async Task The_member_role_may_only_manage_the_delivery_channel_and_the_prerequisites()
    {
        var template = await TemplateValidation.TemplateAsync("infra/member-role.yaml");
        var scenario = new CfnScenario(template, new Dictionary<string, string> { ["OrgSyncAccountId"] = "222233334444" });
        var statements = IamPolicies.IdentityStatements(scenario.Resources).Where(s => s.Effect == "Allow").ToList();

        var granted = statements.SelectMany(s => s.Actions.Select(action => $"{action} on {string.Join(" ", s.Resources)}")).Order(StringComparer.Ordinal).ToList();
        string[] expected =
        [
            "config:DeleteAggregationAuthorization on arn:aws:config:*:123456789012:aggregation-authorization/222233334444/*",
            "config:DescribeDeliveryChannels on *",
            "config:PutAggregationAuthorization on arn:aws:config:*:123456789012:aggregation-authorization/222233334444/*",
            "config:PutDeliveryChannel on *",
            "iam:GetRole on arn:aws:iam::123456789012:role/EC2ImageBuilderDistributionCrossAccountRole",
        ];
        Assert.True(granted.SequenceEqual(expected),
            $"the member role needs exactly the channel calls, the aggregation authorizations for OrgSync's account and a look at the Image Builder role; it has:\n  {string.Join("\n  ", granted)}");
    }

    [Theory]
    [InlineData(null, null, "222233334444")]
    [InlineData("true", "999988887777", "999988887777")]
    [InlineData("false", null, null)]
    public async Task The_member_account_gets_the_Image_Builder_distribution_role_unless_it_is_turned_off(string? create, string? distributionAccount, string? trusted)
    {
        var template = await TemplateValidation.TemplateAsync("infra/member-role.yaml");
        var parameters = new Dictionary<string, string> { ["OrgSyncAccountId"] = "222233334444" };
        if (create is not null)
        {
            parameters["CreateImageBuilderDistributionRole"] = create;
        }

        if (distributionAccount is not null)
        {
            parameters["DistributionAccountId"] = distributionAccount;
        }

        var scenario = new CfnScenario(template, parameters);
        if (trusted is null)
        {
            Assert.False(scenario.Resources.ContainsKey("ImageBuilderDistributionRole"), "CreateImageBuilderDistributionRole=false creates no role");
            return;
        }

        var role = scenario.Resource("ImageBuilderDistributionRole")["Properties"]!;
        Assert.Equal("EC2ImageBuilderDistributionCrossAccountRole", role["RoleName"].Text());
        Assert.True(role["ManagedPolicyArns"].Texts().SequenceEqual(["arn:aws:iam::aws:policy/Ec2ImageBuilderCrossAccountDistributionAccess"]), role["ManagedPolicyArns"].Show());
        var trust = role["AssumeRolePolicyDocument"]!["Statement"]!.AsArray().Single()!;
        Assert.Equal($"arn:aws:iam::{trusted}:root", trust["Principal"]?["AWS"].Text());
        Assert.Equal("sts:AssumeRole", trust["Action"].Text());
    }

    [Fact]
    public async Task The_member_role_template_is_StackSet_ready()
    {
        var template = await TemplateValidation.TemplateAsync("infra/member-role.yaml");
        var text = await File.ReadAllTextAsync(Path.Combine(OrgSync.Tests.Shared.RepoPaths.Root, "infra", "member-role.yaml"));

        Assert.DoesNotMatch(@"\b\d{12}\b", text.Replace("\\d{12}", "", StringComparison.Ordinal));
        Assert.True(template["Parameters"]!["OrgSyncAccountId"]!["Default"] is null, "OrgSyncAccountId must be set by the StackSet, not defaulted to an account");
        Assert.Null(template["Transform"]);
    }

    [Fact]
    public async Task The_forwarder_sends_every_lifecycle_event_to_the_OrgSync_bus()
    {
        var template = await TemplateValidation.TemplateAsync("infra/org-events-forwarder.yaml");
        var scenario = new CfnScenario(template, new Dictionary<string, string> { ["TargetRegion"] = "eu-central-1" });
        var rules = scenario.ResourcesOfType("AWS::Events::Rule").ToList();

        var names = rules.SelectMany(r => r.Resource["Properties"]!["EventPattern"]!["detail"]!["eventName"].Texts()).Order(StringComparer.Ordinal).ToList();
        Assert.True(names.SequenceEqual(["AcceptHandshake", "AccountDepartedOrganization", "AccountJoinedOrganization", "CloseAccount", "CloseAccountResult", "CreateAccountResult", "CreateManagedAccount", "MoveAccount", "RemoveAccountFromOrganization", "UpdateManagedAccount"]),
            $"the forwarder must forward every event of SPEC section 1: {string.Join(", ", names)}");
        foreach (var (id, rule) in rules)
        {
            var target = rule["Properties"]!["Targets"]![0]!;
            Assert.Equal($"arn:aws:events:eu-central-1:{CfnScenario.AccountId}:event-bus/default", target["Arn"].Text());
            Assert.True(target["RoleArn"].IsGetAtt("ForwardingRole", "Arn"), $"{id}: a cross-Region bus target needs the forwarding role");
            Assert.True(target["DeadLetterConfig"] is not null, $"{id}: needs a dead-letter queue");
        }

        var queue = scenario.Resource("ForwardingDeadLetterQueue");
        Assert.True(queue["DeletionPolicy"].Text() == "Retain" && queue["UpdateReplacePolicy"].Text() == "Retain", "the forwarder's dead-letter queue holds lost events: it must outlive the stack");
        var policy = scenario.Resource("ForwardingDeadLetterQueuePolicy")["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        foreach (var (id, _) in rules)
        {
            var request = new PolicyRequest("sqs:SendMessage", "events.amazonaws.com", new Dictionary<string, string>
            {
                ["aws:SourceArn"] = ResourcePolicy.Arn(id),
                ["aws:SecureTransport"] = "true",
            });
            Assert.True(ResourcePolicy.Evaluate(policy, request) == PolicyDecision.Allowed, $"{id} must be able to dead-letter into the forwarder's queue (aws:SourceArn)");
        }

        var otherRule = new PolicyRequest("sqs:SendMessage", "events.amazonaws.com", new Dictionary<string, string>
        {
            ["aws:SourceArn"] = $"arn:aws:events:{CfnScenario.Region}:{CfnScenario.AccountId}:rule/another-rule",
            ["aws:SourceAccount"] = CfnScenario.AccountId,
            ["aws:SecureTransport"] = "true",
        });
        Assert.True(ResourcePolicy.Evaluate(policy, otherRule) != PolicyDecision.Allowed, "another rule of the account must not be let in (aws:SourceArn, not aws:SourceAccount)");

        var loop = new CfnScenario(template, new Dictionary<string, string> { ["TargetRegion"] = CfnScenario.Region });
        Assert.True(!loop.ResourcesOfType("AWS::Events::Rule").Any(), "forwarding to the bus the rules listen on would loop; the template must create no rule then");
    }
}
