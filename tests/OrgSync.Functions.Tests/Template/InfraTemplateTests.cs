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
    public async Task The_member_role_may_only_manage_the_delivery_channel()
    {
        var template = await TemplateValidation.TemplateAsync("infra/member-role.yaml");
        var scenario = new CfnScenario(template, new Dictionary<string, string> { ["OrgSyncAccountId"] = "222233334444" });
        var statements = IamPolicies.IdentityStatements(scenario.Resources).ToList();

        var actions = statements.Where(s => s.Effect == "Allow").SelectMany(s => s.Actions).Order(StringComparer.Ordinal).ToList();
        Assert.True(actions.SequenceEqual(["config:DescribeConfigurationRecorders", "config:DescribeDeliveryChannels", "config:PutDeliveryChannel"]),
            $"the member role needs exactly PutDeliveryChannel, DescribeDeliveryChannels and DescribeConfigurationRecorders, has {string.Join(", ", actions)}");
        Assert.DoesNotContain(statements, s => s.Actions.Any(a => a.StartsWith("iam:", StringComparison.Ordinal)));
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
        Assert.True(names.SequenceEqual(["AcceptHandshake", "CloseAccount", "CloseAccountResult", "CreateAccountResult", "CreateManagedAccount", "RemoveAccountFromOrganization", "UpdateManagedAccount"]),
            $"the forwarder must forward every event of SPEC section 1: {string.Join(", ", names)}");
        foreach (var (id, rule) in rules)
        {
            var target = rule["Properties"]!["Targets"]![0]!;
            Assert.Equal($"arn:aws:events:eu-central-1:{CfnScenario.AccountId}:event-bus/default", target["Arn"].Text());
            Assert.True(target["RoleArn"].IsGetAtt("ForwardingRole", "Arn"), $"{id}: a cross-Region bus target needs the forwarding role");
            Assert.True(target["DeadLetterConfig"] is not null, $"{id}: needs a dead-letter queue");
        }

        var loop = new CfnScenario(template, new Dictionary<string, string> { ["TargetRegion"] = CfnScenario.Region });
        Assert.True(!loop.ResourcesOfType("AWS::Events::Rule").Any(), "forwarding to the bus the rules listen on would loop; the template must create no rule then");
    }
}
