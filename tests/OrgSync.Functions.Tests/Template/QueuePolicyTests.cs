namespace OrgSync.Functions.Tests.Template;

/// <summary>
/// The queues take messages from their own senders only (issue 10): whatever a principal's IAM
/// policy allows, a forged lifecycle event cannot be put on the event queue or its dead-letter queue.
/// Each request is evaluated against the queue policy as IAM would.
/// </summary>
public sealed class QueuePolicyTests
{
    private const string Events = "events.amazonaws.com";
    private const string OtherRule = "arn:aws:events:eu-west-1:123456789012:rule/someone-elses-rule";
    private const string AdminRole = "arn:aws:iam::123456789012:role/Admin";
    private const string OperatorRole = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmin_0123456789abcdef";

    private static readonly string[] Rules =
        ["ControlTowerAccountRule", "OrganizationsServiceEventRule", "OrganizationsMembershipRule", "OrganizationsApiCallRule", "CustomAccountChangeRule"];

    /// <summary>scenario, queue policy, sender (rule id, role id, ARN or service), expected decision.</summary>
    public static TheoryData<string, string, string, PolicyDecision> Senders
    {
        get
        {
            var data = new TheoryData<string, string, string, PolicyDecision>();
            foreach (var policy in new[] { "EventQueuePolicy", "DeadLetterQueuePolicy" })
            {
                foreach (var rule in Rules)
                {
                    data.Add(nameof(Scenarios.Everything), policy, "rule:" + rule, PolicyDecision.Allowed);
                }

                data.Add(nameof(Scenarios.Everything), policy, "rule-arn:" + OtherRule, PolicyDecision.Denied);
                data.Add(nameof(Scenarios.Everything), policy, "service:sns.amazonaws.com", PolicyDecision.Denied);
                data.Add(nameof(Scenarios.Everything), policy, "principal:" + AdminRole, PolicyDecision.Denied);
                data.Add(nameof(Scenarios.Everything), policy, "role:SqsFunctionRole", PolicyDecision.Denied);
                data.Add(nameof(Scenarios.Defaults), policy, "principal:" + OperatorRole, PolicyDecision.Denied);
            }

            // ReconcileFunction enqueues Reconcile Account requests (its IAM policy allows it); operators redrive
            // (a message move task sends with its starter's identity).
            data.Add(nameof(Scenarios.Defaults), "EventQueuePolicy", "role:ReconcileFunctionRole", PolicyDecision.NotMentioned);
            data.Add(nameof(Scenarios.Everything), "EventQueuePolicy", "principal:" + OperatorRole, PolicyDecision.NotMentioned);
            data.Add(nameof(Scenarios.Everything), "EventQueuePolicy", "role:EventBridgeFunctionRole", PolicyDecision.Denied);
            data.Add(nameof(Scenarios.Everything), "EventQueuePolicy", "service:sqs.amazonaws.com", PolicyDecision.Denied);

            // Lambda dead-letters EventBridgeFunction's failed async events with the function's role; SQS moves
            // the event queue's failed messages itself.
            data.Add(nameof(Scenarios.Everything), "DeadLetterQueuePolicy", "role:EventBridgeFunctionRole", PolicyDecision.NotMentioned);
            data.Add(nameof(Scenarios.Everything), "DeadLetterQueuePolicy", "service:sqs.amazonaws.com", PolicyDecision.NotMentioned);
            data.Add(nameof(Scenarios.Everything), "DeadLetterQueuePolicy", "role:ReconcileFunctionRole", PolicyDecision.Denied);
            data.Add(nameof(Scenarios.Everything), "DeadLetterQueuePolicy", "principal:" + OperatorRole, PolicyDecision.Denied);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Senders))]
    public async Task Only_the_stacks_own_senders_may_send(string scenarioName, string policyId, string sender, PolicyDecision expected)
    {
        var scenario = await Scenarios.SamAsync(scenarioName);
        var statements = scenario.Resource(policyId)["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        var request = SendMessage(sender);

        Assert.True(ResourcePolicy.Evaluate(statements, request) == expected,
            $"{scenarioName}: {policyId} for {request}: expected {expected}, is {ResourcePolicy.Evaluate(statements, request)}");
    }

    [Theory]
    [InlineData("EventQueuePolicy")]
    [InlineData("DeadLetterQueuePolicy")]
    public async Task Nothing_is_accepted_over_plain_HTTP(string policyId)
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Everything));
        var statements = scenario.Resource(policyId)["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        var request = SendMessage("rule:ControlTowerAccountRule");
        var insecure = request with { Keys = new Dictionary<string, string>(request.Keys) { ["aws:SecureTransport"] = "false" } };

        Assert.Equal(PolicyDecision.Denied, ResourcePolicy.Evaluate(statements, insecure));
        Assert.Equal(PolicyDecision.Denied, ResourcePolicy.Evaluate(statements, insecure with { Action = "sqs:ReceiveMessage" }));
    }

    private static PolicyRequest SendMessage(string sender)
    {
        var (kind, what) = (sender[..sender.IndexOf(':', StringComparison.Ordinal)], sender[(sender.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        var keys = new Dictionary<string, string> { ["aws:SecureTransport"] = "true" };
        string? service = null;
        switch (kind)
        {
            case "rule" or "rule-arn":
                service = Events;
                keys["aws:SourceArn"] = kind == "rule" ? ResourcePolicy.Arn(what) : what;
                keys["aws:PrincipalServiceName"] = Events;
                break;
            case "service":
                service = what;
                keys["aws:PrincipalServiceName"] = what;
                break;
            case "role":
                keys["aws:PrincipalArn"] = ResourcePolicy.Arn(what);
                break;
            default:
                keys["aws:PrincipalArn"] = what;
                break;
        }

        return new PolicyRequest("sqs:SendMessage", service, keys);
    }
}
