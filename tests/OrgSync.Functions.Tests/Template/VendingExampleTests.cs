using System.Text.Json.Nodes;
using OrgSync.Core.Events;
using OrgSync.Core.Notifications;
using OrgSync.Tests.Shared;

namespace OrgSync.Functions.Tests.Template;

/// <summary>
/// infra/examples: what a vending pipeline copies must work. The CloudFormation rule and the state machine pass
/// cfn-lint (which checks Amazon States Language too), the event pattern matches OrgSync's real completion events
/// under moto's EventBridge matcher, and the request the state machine puts is one OrgSync honours, token included.
/// </summary>
public sealed class VendingExampleTests
{
    private static readonly string Examples = Path.Combine(RepoPaths.Root, "infra", "examples");

    [Fact]
    public async Task The_rule_template_passes_cfn_lint()
    {
        var lint = await RunAsync("cfn-lint", Path.Combine(Examples, "vending-completion-rule.yaml"));

        Assert.True(lint.ExitCode == 0, $"cfn-lint:\n{lint.Output}");
    }

    [Fact]
    public async Task The_state_machine_is_valid_States_Language()
    {
        var template = new JsonObject
        {
            ["AWSTemplateFormatVersion"] = "2010-09-09",
            ["Resources"] = new JsonObject
            {
                ["Machine"] = new JsonObject
                {
                    ["Type"] = "AWS::StepFunctions::StateMachine",
                    ["Properties"] = new JsonObject
                    {
                        ["RoleArn"] = "arn:aws:iam::123456789012:role/vending",
                        ["Definition"] = StateMachine(),
                    },
                },
            },
        };
        var path = Path.Combine(Path.GetTempPath(), $"orgsync-asl-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, template.ToJsonString());
        try
        {
            var lint = await RunAsync("cfn-lint", path);

            Assert.True(lint.ExitCode == 0, $"cfn-lint:\n{lint.Output}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_state_machine_puts_a_request_OrgSync_honours_with_its_token_and_catches_OrgSync_failures()
    {
        var task = StateMachine()["States"]!["SyncNewAccount"]!;
        Assert.Equal("arn:aws:states:::events:putEvents.waitForTaskToken", task["Resource"]!.GetValue<string>());
        Assert.Contains(task["Catch"]!.AsArray(), c => c!["ErrorEquals"]!.AsArray().Any(e => e!.GetValue<string>() == AccountSyncNotice.TaskFailureError));
        var entry = task["Parameters"]!["Entries"]![0]!;
        var detail = entry["Detail"]!;
        Assert.Equal("$$.Task.Token", detail["taskToken.$"]!.GetValue<string>());

        // What EventBridge delivers once Step Functions has filled the paths in.
        var envelope = new JsonObject
        {
            ["version"] = "0",
            ["id"] = "5f1c9a52-6a0e-4d7b-9b3e-0a1f2c3d4e99",
            ["detail-type"] = entry["DetailType"]!.GetValue<string>(),
            ["source"] = entry["Source"]!.GetValue<string>(),
            ["account"] = "111111111111",
            ["time"] = "2026-11-01T09:40:00Z",
            ["region"] = "us-east-1",
            ["resources"] = new JsonArray(),
            ["detail"] = new JsonObject
            {
                ["action"] = detail["action"]!.GetValue<string>(),
                ["accountIds"] = new JsonArray("444444444444"),
                ["requestId"] = "vend-execution-1",
                ["taskToken"] = "AQCEAAAAKgAAAAMAAAAAAAAAAT-example-token",
            },
        };
        var classification = EventClassifier.Classify(envelope.ToJsonString(), new ClassifierOptions(["acme.vending"], "111111111111"));

        var changes = Assert.IsType<Classification.Changes>(classification);
        Assert.Equal(("444444444444", ChangeKind.Join), (changes.Items.Single().AccountId, changes.Items.Single().Kind));
        Assert.Equal(("vend-execution-1", "AQCEAAAAKgAAAAMAAAAAAAAAAT-example-token"), (changes.RequestId, changes.TaskToken));
    }

    [Fact]
    public async Task The_event_pattern_matches_the_completion_events_of_the_pipelines_requests_and_nothing_else()
    {
        static JsonObject Event(string source, string detailType, string? requestId)
        {
            var notice = new AccountSyncNotice(
                "444444444444", "join", "event-1", requestId, DateTimeOffset.UnixEpoch,
                [new TargetSyncReport("aggregator/us-east-1/org", TargetSyncOutcome.Applied, "written", IsFinal: true)]);
            return new JsonObject { ["source"] = source, ["detail-type"] = detailType, ["detail"] = JsonNode.Parse(notice.ToDetailJson()) };
        }

        JsonObject[] events =
        [
            Event("orgsync", AccountSyncNotice.CompletedDetailType, "vend-1"),
            Event("orgsync", AccountSyncNotice.FailedDetailType, "vend-2"),
            Event("orgsync", AccountSyncNotice.CompletedDetailType, null),
            Event("orgsync", AccountSyncNotice.CompletedDetailType, "other-1"),
            Event("orgsync", "Account Change Request", "vend-3"),
            Event("acme.vending", AccountSyncNotice.CompletedDetailType, "vend-4"),
        ];

        var matches = await MatchAsync(Path.Combine(Examples, "vending-completion-pattern.json"), events);

        Assert.Equal([true, true, false, false, false, false], matches);
    }

    private static JsonNode StateMachine() => JsonNode.Parse(File.ReadAllText(Path.Combine(Examples, "vending-state-machine.asl.json")))!;

    /// <summary>moto's EventBridge pattern matcher (an independent implementation) over each event.</summary>
    private static async Task<bool[]> MatchAsync(string patternFile, JsonObject[] events)
    {
        var eventsFile = Path.Combine(Path.GetTempPath(), $"orgsync-events-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(eventsFile, new JsonArray([.. events]).ToJsonString());
        try
        {
            const string Script = """
                import json, sys
                from moto.events.models import EventPattern
                pattern = EventPattern.load(open(sys.argv[1]).read())
                print(json.dumps([pattern.matches_event(e) for e in json.load(open(sys.argv[2]))]))
                """;
            var run = await RunAsync("python3", "-c", Script, patternFile, eventsFile);
            Assert.True(run.ExitCode == 0, $"python3 with moto:\n{run.Output}");
            return [.. JsonNode.Parse(run.Stdout)!.AsArray().Select(m => m!.GetValue<bool>())];
        }
        finally
        {
            File.Delete(eventsFile);
        }
    }

    private static Task<ProcessOutcome> RunAsync(string tool, params string[] arguments) =>
        NodeTools.RunAsync(tool, arguments, RepoPaths.Root, TimeSpan.FromMinutes(2));
}
