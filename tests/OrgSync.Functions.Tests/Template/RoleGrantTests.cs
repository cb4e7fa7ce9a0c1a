namespace OrgSync.Functions.Tests.Template;

/// <summary>
/// Each role of template.yaml holds exactly what its function calls, scoped to its resources. Which function calls what
/// is the design stated here; that the union is what the code sends is derived in CalledActionGrantTests.
/// </summary>
public sealed class RoleGrantTests
{
    private static readonly string[] TargetAccess =
    [
        "config:DescribeConfigurationAggregators", "config:PutConfigurationAggregator",
        "dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem",
        "iam:PassRole", "imagebuilder:GetDistributionConfiguration", "imagebuilder:UpdateDistributionConfiguration",
        "organizations:DescribeAccount", "organizations:ListParents", "sts:AssumeRole",
    ];

    private static readonly string[] Notifications = ["events:DescribeEventBus", "events:PutEvents", "states:SendTaskFailure", "states:SendTaskSuccess"];

    private static readonly string[] Logs = ["logs:CreateLogStream", "logs:PutLogEvents"];

    public static TheoryData<string, string[]> Roles => new()
    {
        {
            "SqsFunctionRole",
            [.. TargetAccess, .. Notifications, .. Logs, "kms:Decrypt", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]
        },
        { "EventBridgeFunctionRole", [.. TargetAccess, .. Notifications, .. Logs, "kms:Decrypt", "kms:GenerateDataKey", "sqs:SendMessage"] },
        {
            "ReconcileFunctionRole",
            [
                .. TargetAccess, .. Logs, "config:DescribeConfigurationAggregatorSourcesStatus", "kms:Decrypt", "kms:GenerateDataKey",
                "organizations:DescribeOrganization", "organizations:ListAccounts", "sqs:SendMessage",
            ]
        },
        { "ScheduledReconcileRole", ["lambda:InvokeFunction"] },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_is_granted_exactly_what_its_function_calls(string role, string[] expected)
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Everything));

        var granted = IamPolicies.RoleStatements(scenario.Resources, role).Where(s => s.Effect == "Allow")
            .SelectMany(s => s.Actions).Distinct().Order(StringComparer.Ordinal).ToList();
        var wanted = expected.Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.True(granted.SequenceEqual(wanted),
            $"{role}: missing {string.Join(", ", wanted.Except(granted))}; not needed {string.Join(", ", granted.Except(wanted))}");
    }

    [Theory]
    [MemberData(nameof(IamPolicyTests.ScenarioNames), MemberType = typeof(IamPolicyTests))]
    public async Task Organizations_is_read_only_and_scoped_to_the_organization(string name)
    {
        var scenario = await Scenarios.SamAsync(name);
        var managementAccount = name == nameof(Scenarios.Defaults) ? CfnScenario.AccountId : Scenarios.ManagementAccountId;
        var organization = $"arn:aws:organizations::{managementAccount}:";
        string[] withoutResourceType = ["organizations:DescribeOrganization", "organizations:ListAccounts"];

        var statements = IamPolicies.IdentityStatements(scenario.Resources)
            .Where(s => s.Actions.Any(a => a.StartsWith("organizations:", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(statements);
        foreach (var statement in statements)
        {
            Assert.True(statement.Actions.All(IamPolicies.IsReadOnly), $"{name}: OrgSync only reads Organizations: {statement}");
            if (statement.Resources.SequenceEqual(["*"]))
            {
                Assert.True(statement.Actions.All(withoutResourceType.Contains), $"{name}: only the actions without a resource type may be on \"*\": {statement}");
                continue;
            }

            foreach (var resource in statement.Resources)
            {
                Assert.True(
                    resource == $"{organization}account/{Scenarios.OrganizationId}/*"
                    || resource == $"{organization}ou/{Scenarios.OrganizationId}/ou-*"
                    || resource == $"{organization}root/{Scenarios.OrganizationId}/r-*",
                    $"{name}: an Organizations resource outside the organization {Scenarios.OrganizationId} of {managementAccount}: {resource} in {statement}");
            }
        }
    }

    [Fact]
    public async Task Completion_events_go_to_the_notification_bus_only_when_there_is_one()
    {
        var everything = await Scenarios.SamAsync(nameof(Scenarios.Everything));
        var puts = Allowing(everything, "events:PutEvents");

        Assert.True(puts.Count == 1 && puts[0].Resources.SequenceEqual([$"arn:aws:events:{CfnScenario.Region}:{CfnScenario.AccountId}:event-bus/{Scenarios.NotificationBusName}"]),
            $"events:PutEvents must be on the NotificationBusName bus only: {string.Join("; ", puts)}");

        // EventBridge drops events put to a bus that does not exist: the functions check it first, on the same bus only.
        var describes = Allowing(everything, "events:DescribeEventBus");
        Assert.True(describes.Count == 1 && describes[0].Resources.SequenceEqual(puts[0].Resources),
            $"events:DescribeEventBus must be on the NotificationBusName bus only: {string.Join("; ", describes)}");

        var defaults = await Scenarios.SamAsync(nameof(Scenarios.Defaults));
        Assert.True(Allowing(defaults, "events:PutEvents").Count == 0, "without NotificationBusName no function may put events");
        Assert.True(Allowing(defaults, "events:DescribeEventBus").Count == 0, "without NotificationBusName no function may describe a bus");
    }

    [Fact]
    public async Task Reconcile_reads_aggregator_sources_where_the_aggregators_are_and_sends_only_to_the_event_queue()
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Everything));
        var reconcile = IamPolicies.RoleStatements(scenario.Resources, "ReconcileFunctionRole").ToList();

        var status = reconcile.Single(s => s.Actions.Contains("config:DescribeConfigurationAggregatorSourcesStatus"));
        Assert.True(status.Resources.SequenceEqual([$"arn:aws:config:*:{CfnScenario.AccountId}:config-aggregator/*"]), status.ToString());
        Assert.True(status.Statement["Condition"]?["StringEquals"]?["aws:RequestedRegion"].Texts().SequenceEqual(["us-east-1", "us-west-2", "eu-west-1"]) == true, status.ToString());

        var send = reconcile.Single(s => s.Actions.Contains("sqs:SendMessage"));
        Assert.True(send.Statement["Resource"].IsGetAtt("EventQueue", "Arn"), $"ReconcileFunction enqueues its Reconcile Account requests on the event queue only: {send}");
    }

    [Fact]
    public async Task The_schedule_can_only_start_the_reconcile_function()
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Defaults));
        var role = scenario.Resource("ScheduledReconcileRole")["Properties"]!;

        var trust = role["AssumeRolePolicyDocument"]!["Statement"]!.AsArray().Single()!;
        Assert.Equal("scheduler.amazonaws.com", trust["Principal"]?["Service"].Text());
        Assert.Equal(CfnScenario.AccountId, trust["Condition"]?["StringEquals"]?["aws:SourceAccount"].Text());
        var invoke = IamPolicies.RoleStatements(scenario.Resources, "ScheduledReconcileRole").Single();
        Assert.True(invoke.Statement["Resource"].IsGetAtt("ReconcileFunction", "Arn"), invoke.ToString());
    }

    private static List<PolicyStatement> Allowing(CfnScenario scenario, string action) =>
        IamPolicies.IdentityStatements(scenario.Resources).Where(s => s.Effect == "Allow" && s.Actions.Contains(action)).ToList();
}
