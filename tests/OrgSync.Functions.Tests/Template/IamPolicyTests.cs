using System.Text.RegularExpressions;
using OrgSync.Tests.Shared;

namespace OrgSync.Functions.Tests.Template;

/// <summary>template.yaml grants least privilege: no write on "*", writes only to the configured targets.</summary>
public sealed partial class IamPolicyTests
{
    public static TheoryData<string> ScenarioNames => Scenarios.Names;

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task No_statement_allows_a_write_on_every_resource(string name)
    {
        var scenario = await Scenarios.SamAsync(name);
        var statements = IamPolicies.IdentityStatements(scenario.Resources).ToList();
        Assert.NotEmpty(statements);

        foreach (var statement in statements.Where(s => s.Effect == "Allow"))
        {
            Assert.True(statement.NotActions.Count == 0, $"{name}: NotAction grants everything else: {statement}");
            Assert.True(statement.Statement["NotResource"] is null, $"{name}: NotResource grants everything else: {statement}");
            Assert.True(statement.Resources.Count > 0, $"{name}: a statement without Resource: {statement}");
            foreach (var action in statement.Actions)
            {
                Assert.True(action != "*" && !action.EndsWith(":*", StringComparison.Ordinal), $"{name}: wildcard action '{action}': {statement}");
            }

            if (statement.Resources.Contains("*"))
            {
                var writes = statement.Actions.Where(a => !IamPolicies.IsReadOnly(a) && !IamPolicies.WritesWithoutResourceType.Contains(a)).ToList();
                Assert.True(writes.Count == 0,
                    $"{name}: {string.Join(", ", writes)} on Resource \"*\" - every write must name its resources: {statement}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Roles_carry_no_AWS_managed_policy(string name)
    {
        var scenario = await Scenarios.SamAsync(name);

        foreach (var (role, arn) in IamPolicies.AttachedManagedPolicies(scenario.Resources))
        {
            Assert.True(!arn.Contains("arn:aws:iam::aws:policy", StringComparison.Ordinal),
                $"{name}: {role} attaches the AWS managed policy {arn}, whose writes are on \"*\"");
        }

        foreach (var id in new[] { "SqsFunction", "EventBridgeFunction", "ReconcileFunction" })
        {
            Assert.True(scenario.FunctionProperty(id, "Role") is not null,
                $"{name}: {id} needs an explicit Role: SAM's generated role would attach AWSLambdaBasicExecutionRole (logs on \"*\")");
        }
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Assuming_roles_is_limited_to_the_member_role_name(string name)
    {
        var scenario = await Scenarios.SamAsync(name);
        var assume = IamPolicies.IdentityStatements(scenario.Resources)
            .Where(s => s.Effect == "Allow" && s.Actions.Any(a => a.StartsWith("sts:", StringComparison.Ordinal)))
            .ToList();

        Assert.True(assume.Count > 0, $"{name}: no statement lets the functions assume the member role");
        foreach (var statement in assume)
        {
            Assert.True(statement.Actions.SequenceEqual(["sts:AssumeRole"]), $"{name}: only sts:AssumeRole is needed: {statement}");
            Assert.True(statement.Resources.Count > 0 && statement.Resources.All(r => r == "arn:aws:iam::*:role/OrgSyncMemberRole"),
                $"{name}: sts:AssumeRole must be on arn:${{AWS::Partition}}:iam::*:role/<MemberRoleName> only: {statement}");
            var orgCondition = statement.Statement["Condition"]?["StringEquals"]?["aws:ResourceOrgID"].Text();
            Assert.True(orgCondition == Scenarios.OrganizationId, $"{name}: aws:ResourceOrgID must always close the account wildcard to the organization: {statement}");
        }
    }

    [Fact]
    public async Task The_organization_id_is_required()
    {
        var template = await TemplateValidation.SamTemplateAsync();
        var parameter = template["Parameters"]!["OrganizationId"]!;

        Assert.True(parameter["Default"] is null, $"OrganizationId must have no default, so that sts:AssumeRole on iam::*:role/<name> is always closed to the organization: {parameter.Show()}");
        Assert.Matches(parameter["AllowedPattern"].Text()!, Scenarios.OrganizationId);
        Assert.DoesNotMatch(parameter["AllowedPattern"].Text()!, "");
    }

    [Fact]
    public async Task Without_a_member_role_name_nothing_can_be_assumed()
    {
        var scenario = await Scenarios.SamWithAsync(new Dictionary<string, string> { ["MemberRoleName"] = "" });

        var assume = IamPolicies.IdentityStatements(scenario.Resources).Where(s => s.Actions.Any(a => a.StartsWith("sts:", StringComparison.Ordinal))).ToList();
        Assert.True(assume.Count == 0, $"MemberRoleName empty, yet: {string.Join("; ", assume)}");
    }

    [Fact]
    public async Task Aggregator_writes_are_limited_to_this_account_and_the_configured_regions()
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Everything));
        var writes = Allowing(scenario, "config:PutConfigurationAggregator");

        Assert.True(writes.Count == 1, $"expected one statement allowing config:PutConfigurationAggregator, found {writes.Count}");
        var statement = writes[0];
        Assert.True(statement.Resources.SequenceEqual([$"arn:aws:config:*:{CfnScenario.AccountId}:config-aggregator/*"]),
            $"PutConfigurationAggregator must be on this account's config-aggregator/* only: {statement}");
        var regions = statement.Statement["Condition"]?["StringEquals"]?["aws:RequestedRegion"].Texts() ?? [];
        Assert.True(regions.SequenceEqual(["us-east-1", "us-west-2", "eu-west-1"]), $"aws:RequestedRegion must be the AggregatorRegions: {statement}");
        Assert.Equal("true", statement.Statement["Condition"]?["StringEquals"]?["aws:ResourceTag/orgsync:managed"].Text());

        var defaults = await Scenarios.SamAsync(nameof(Scenarios.Defaults));
        Assert.True(Allowing(defaults, "config:PutConfigurationAggregator").Count == 0, "with no AggregatorRegions there must be no aggregator permission");
        Assert.True(Allowing(defaults, "config:DescribeConfigurationAggregators").Count == 0, "with no AggregatorRegions there must be no aggregator permission");
    }

    [Fact]
    public async Task Distribution_writes_are_limited_to_the_configured_ARNs()
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Everything));

        foreach (var action in new[] { "imagebuilder:UpdateDistributionConfiguration", "imagebuilder:GetDistributionConfiguration" })
        {
            var statements = Allowing(scenario, action);
            Assert.True(statements.Count == 1, $"expected one statement allowing {action}, found {statements.Count}");
            Assert.True(statements[0].Resources.SequenceEqual([Scenarios.GoldenArn, Scenarios.SharedArn]), $"{action} must be on DistributionConfigurationArns only: {statements[0]}");
        }

        var pass = Allowing(scenario, "iam:PassRole");
        Assert.True(pass.Count == 1 && pass[0].Resources.SequenceEqual([Scenarios.ExportRoleArn]), $"iam:PassRole only on DistributionPassRoleArns: {string.Join("; ", pass)}");
        Assert.Equal("imagebuilder.amazonaws.com", pass[0].Statement["Condition"]?["StringEquals"]?["iam:PassedToService"].Text());

        var defaults = await Scenarios.SamAsync(nameof(Scenarios.Defaults));
        Assert.True(Allowing(defaults, "imagebuilder:UpdateDistributionConfiguration").Count == 0, "with no DistributionConfigurationArns there must be no Image Builder permission");
        Assert.True(Allowing(defaults, "iam:PassRole").Count == 0, "with no DistributionPassRoleArns there must be no iam:PassRole");
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task The_functions_reach_their_queue_table_and_logs_by_ARN(string name)
    {
        var scenario = await Scenarios.SamAsync(name);

        AssertOn(scenario, "sqs:DeleteMessage", r => r.Contains("EventQueue", StringComparison.Ordinal) && r.Contains("Arn", StringComparison.Ordinal));
        AssertOn(scenario, "sqs:ReceiveMessage", r => r.Contains("EventQueue", StringComparison.Ordinal));
        AssertOn(scenario, "sqs:SendMessage", r => r.Contains("DeadLetterQueue", StringComparison.Ordinal) || r.Contains("EventQueue", StringComparison.Ordinal));
        AssertOn(scenario, "dynamodb:PutItem", r => r.Contains("StateTable", StringComparison.Ordinal));
        AssertOn(scenario, "dynamodb:UpdateItem", r => r.Contains("StateTable", StringComparison.Ordinal));
        AssertOn(scenario, "logs:PutLogEvents", r => r.Contains("LogGroup", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task The_state_table_allows_exactly_the_calls_the_ledger_and_the_lease_make(string name)
    {
        var scenario = await Scenarios.SamAsync(name);
        var store = Path.Combine(RepoPaths.Root, "src", "OrgSync.DynamoDb");
        var calls = Directory.EnumerateFiles(store, "*.cs", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(store, file).StartsWith("obj", StringComparison.Ordinal))
            .SelectMany(file => DynamoDbCall().Matches(File.ReadAllText(file)))
            .Select(call => "dynamodb:" + call.Groups[1].Value)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(calls);

        var statements = IamPolicies.IdentityStatements(scenario.Resources)
            .Where(s => s.Effect == "Allow" && s.Actions.Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)))
            .ToList();
        foreach (var statement in statements)
        {
            Assert.True(statement.Resources.All(r => r.Contains("StateTable", StringComparison.Ordinal)), $"{name}: DynamoDB access beyond the state table: {statement}");
        }

        var allowed = statements.SelectMany(s => s.Actions).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(allowed.SequenceEqual(calls),
            $"{name}: the state table must allow exactly what src/OrgSync.DynamoDb calls ({string.Join(", ", calls)}), allows {string.Join(", ", allowed)}");
    }

    private static void AssertOn(CfnScenario scenario, string action, Func<string, bool> resourceIsExpected)
    {
        var statements = Allowing(scenario, action);
        Assert.True(statements.Count > 0, $"no statement allows {action}");
        foreach (var statement in statements)
        {
            Assert.True(statement.Resources.All(resourceIsExpected), $"{action} on an unexpected resource: {statement}");
        }
    }

    private static List<PolicyStatement> Allowing(CfnScenario scenario, string action) =>
        IamPolicies.IdentityStatements(scenario.Resources).Where(s => s.Effect == "Allow" && s.Actions.Contains(action)).ToList();

    // A call of the low-level client: `_client.PutItemAsync(` is the action dynamodb:PutItem.
    [GeneratedRegex(@"_client\.(\w+)Async\(")]
    private static partial Regex DynamoDbCall();
}
