using System.Text.Json.Nodes;

namespace OrgSync.Functions.Tests.Template;

/// <summary>Every event of SPEC section 1 has a rule, and every rule can deliver where it points.</summary>
public sealed class EventRuleTests
{
    private const string ServiceEvent = "AWS Service Event via CloudTrail";
    private const string ApiCall = "AWS API Call via CloudTrail";

    private const string EitherDetailType = ServiceEvent + "|" + ApiCall;

    /// <summary>SPEC section 1: source, detail.eventName, detail-type(s) ('|' between two), detail.eventSource.</summary>
    public static TheoryData<string, string, string, string> SpecEvents => new()
    {
        { "aws.controltower", "CreateManagedAccount", ServiceEvent, "" },
        { "aws.controltower", "UpdateManagedAccount", ServiceEvent, "" },
        { "aws.organizations", "CreateAccountResult", ServiceEvent, "organizations.amazonaws.com" },
        { "aws.organizations", "CloseAccountResult", ServiceEvent, "organizations.amazonaws.com" },
        { "aws.organizations", "AcceptHandshake", ApiCall, "organizations.amazonaws.com" },
        { "aws.organizations", "RemoveAccountFromOrganization", ApiCall, "organizations.amazonaws.com" },
        { "aws.organizations", "CloseAccount", ApiCall, "organizations.amazonaws.com" },
        { "aws.organizations", "MoveAccount", ApiCall, "organizations.amazonaws.com" },
        // No full example published: matched by eventName under either CloudTrail detail-type.
        { "aws.organizations", "AccountJoinedOrganization", EitherDetailType, "" },
        { "aws.organizations", "AccountDepartedOrganization", EitherDetailType, "" },
    };

    public static TheoryData<string> ScenarioNames => Scenarios.Names;

    [Theory]
    [MemberData(nameof(SpecEvents))]
    public async Task Each_lifecycle_event_of_the_spec_has_a_rule(string source, string eventName, string detailType, string eventSource)
    {
        foreach (var name in new[] { nameof(Scenarios.Defaults), nameof(Scenarios.Everything) })
        {
            var scenario = await Scenarios.SamAsync(name);
            var matching = Rules(scenario).Where(r =>
                Pattern(r.Rule)["source"].Texts().Contains(source)
                && Pattern(r.Rule)["detail"]?["eventName"].Texts().Contains(eventName) == true).ToList();

            Assert.True(matching.Count == 1, $"{name}: {source} {eventName} must be matched by exactly one rule, is by {matching.Count}: {string.Join(", ", matching.Select(m => m.Id))}");
            var (id, rule) = matching[0];
            var pattern = Pattern(rule);
            Assert.True(pattern["detail-type"].Texts().SequenceEqual(detailType.Split('|')), $"{name}: {id} must match detail-type [{detailType}], has {pattern["detail-type"].Show()}");
            Assert.True(
                eventSource.Length > 0 ? pattern["detail"]!["eventSource"].Texts().SequenceEqual([eventSource]) : pattern["detail"]!["eventSource"] is null,
                $"{name}: {id} must match detail.eventSource '{eventSource}' (none: no filter), has {pattern["detail"]!["eventSource"].Show()}");

            Assert.True(rule["Properties"]!["EventBusName"].Text() is null or "default", $"{name}: AWS service events arrive on the default bus only; {id} listens on {rule["Properties"]!["EventBusName"].Show()}");
            var accounts = pattern["account"].Texts();
            Assert.True(accounts.SequenceEqual([name == nameof(Scenarios.Defaults) ? CfnScenario.AccountId : Scenarios.ManagementAccountId]),
                $"{name}: {id} must accept only the management account's events (account {pattern["account"].Show()})");
            if (detailType.Contains(ApiCall, StringComparison.Ordinal))
            {
                Assert.True(pattern["detail"]!["errorCode"]?.Show() == """[{"exists":false}]""", $"{name}: {id} must drop failed API calls (errorCode exists false)");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Custom_account_change_requests_have_a_rule_only_when_sources_are_configured(string name)
    {
        var scenario = await Scenarios.SamAsync(name);
        var custom = Rules(scenario).Where(r => Pattern(r.Rule)["detail-type"].Texts().Contains("Account Change Request")).ToList();

        if (name == nameof(Scenarios.Defaults))
        {
            Assert.True(custom.Count == 0, $"{name}: no CustomSources, so no custom rule; found {string.Join(", ", custom.Select(c => c.Id))}");
            return;
        }

        Assert.True(custom.Count == 1, $"{name}: expected one rule for detail-type 'Account Change Request', found {custom.Count}");
        var pattern = Pattern(custom[0].Rule);
        Assert.True(pattern["source"].Texts().SequenceEqual(["acme.vending", "acme.offboarding"]), $"{name}: the custom rule must match the CustomSources: {pattern["source"].Show()}");
        Assert.True(pattern["detail-type"].Texts().SequenceEqual(["Account Change Request"]), $"{name}: {pattern["detail-type"].Show()}");
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Every_rule_targets_the_queue_or_the_function_with_retries_and_a_dead_letter_queue(string name)
    {
        var scenario = await Scenarios.SamAsync(name);
        var direct = name == nameof(Scenarios.EverythingDirect);
        var rules = Rules(scenario).ToList();
        Assert.True(rules.Count >= 3, $"{name}: expected the Control Tower and Organizations rules, found {rules.Count}");

        var queuePolicy = scenario.Resource("EventQueuePolicy")["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        var deadLetterPolicy = scenario.Resource("DeadLetterQueuePolicy")["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        var permissions = scenario.ResourcesOfType("AWS::Lambda::Permission").ToList();

        foreach (var (id, rule) in rules)
        {
            var targets = rule["Properties"]!["Targets"]!.AsArray();
            Assert.True(targets.Count == 1, $"{name}: {id} should have one target, has {targets.Count}");
            var target = targets[0]!;
            Assert.True(direct ? target["Arn"].IsGetAtt("EventBridgeFunction", "Arn") : target["Arn"].IsGetAtt("EventQueue", "Arn"),
                $"{name}: {id} must target {(direct ? "EventBridgeFunction" : "EventQueue")}, targets {target["Arn"].Show()}");
            Assert.True(target["DeadLetterConfig"]?["Arn"].IsGetAtt("DeadLetterQueue", "Arn") == true, $"{name}: {id}'s target needs DeadLetterConfig -> DeadLetterQueue");
            Assert.True(target["RetryPolicy"] is JsonObject, $"{name}: {id}'s target needs a RetryPolicy");

            Assert.True(AllowsEventBridgeFrom(queuePolicy, id, "EventQueue"), $"{name}: EventQueuePolicy must let events.amazonaws.com send with aws:SourceArn = {id}'s ARN");
            Assert.True(AllowsEventBridgeFrom(deadLetterPolicy, id, "DeadLetterQueue"), $"{name}: DeadLetterQueuePolicy must let {id}'s failed deliveries in (aws:SourceArn = {id}'s ARN)");

            var invokes = permissions.Where(p => p.Resource["Properties"]!["SourceArn"].IsGetAtt(id, "Arn")).ToList();
            if (direct)
            {
                Assert.True(invokes.Count == 1, $"{name}: {id} needs one lambda:InvokeFunction permission for EventBridgeFunction with SourceArn = its ARN");
                var permission = invokes[0].Resource["Properties"]!;
                Assert.True(permission["FunctionName"].IsRef("EventBridgeFunction") && permission["Principal"].Text() == "events.amazonaws.com",
                    $"{name}: {invokes[0].Id}: {permission.Show()}");
            }
            else
            {
                Assert.True(invokes.Count == 0, $"{name}: queue delivery needs no invoke permission for {id}");
            }
        }

        var strays = queuePolicy.Where(s => s?["Effect"].Text() == "Allow" && s["Condition"]?["ArnEquals"]?["aws:SourceArn"] is null).ToList();
        Assert.True(strays.Count == 0, $"{name}: every Allow of EventQueuePolicy must be pinned to a rule by aws:SourceArn: {string.Join("; ", strays.Select(s => s.Show()))}");
    }

    [Fact]
    public async Task The_event_function_dead_letters_its_failed_async_invocations()
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.EverythingDirect));
        var properties = scenario.Resource("EventBridgeFunction")["Properties"]!;

        Assert.True(properties["DeadLetterQueue"]?["Type"].Text() == "SQS" && properties["DeadLetterQueue"]!["TargetArn"].IsGetAtt("DeadLetterQueue", "Arn"),
            $"EventBridgeFunction needs DeadLetterQueue {{Type: SQS, TargetArn: !GetAtt DeadLetterQueue.Arn}}, has {properties["DeadLetterQueue"].Show()}");
        Assert.True(properties["EventInvokeConfig"]?["MaximumRetryAttempts"] is not null, "EventBridgeFunction should set its async retry attempts");
    }

    private static IEnumerable<(string Id, JsonObject Rule)> Rules(CfnScenario scenario) => scenario.ResourcesOfType("AWS::Events::Rule");

    private static JsonNode Pattern(JsonObject rule) => rule["Properties"]!["EventPattern"]!;

    private static bool AllowsEventBridgeFrom(JsonArray statements, string ruleId, string queueId) => statements.Any(s =>
        s?["Effect"].Text() == "Allow"
        && s["Principal"]?["Service"].Text() == "events.amazonaws.com"
        && s["Action"].Texts().Contains("sqs:SendMessage")
        && s["Resource"].IsGetAtt(queueId, "Arn")
        && s["Condition"]?["ArnEquals"]?["aws:SourceArn"].IsGetAtt(ruleId, "Arn") == true);
}
