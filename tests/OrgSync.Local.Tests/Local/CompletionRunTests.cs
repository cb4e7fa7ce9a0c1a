using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OrgSync.Core.Notifications;
using OrgSync.Core.Targets;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.State;
using OrgSync.Local.Running;
using OrgSync.Local.Tests.Pipeline;
using OrgSync.Local.Tests.Support;

namespace OrgSync.Local.Tests.Local;

/// <summary>
/// SPEC §7 end to end through <c>local</c>: the real handler, the file-free embedded ledgers and the emulator's
/// EventBridge and Step Functions, asserted on what the emulator recorded (<c>publishedEvents</c>, <c>taskResults</c>).
/// </summary>
public sealed class CompletionRunTests
{
    private const string A = "444444444444";
    private const string B = "555555555555";
    private const string C = "666666666666";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Under_duplicates_four_consumers_and_lost_responses_each_input_and_account_is_announced_with_one_id_and_detail_and_each_task_answered_once(int seed)
    {
        string[] bodies =
        [
            FakePublisher.WithTask(Org.Custom("join", Org.T0, "request-1", A, B), "token-1", "PLAT-1"),
            FakePublisher.WithTask(Org.Join(C, Org.T0, "request-2"), "token-2"),
            Org.Leave("222222222222", Org.T0, "leave-1"),
            Org.Join(A, Org.T0.AddMinutes(-5), "older-join"),
        ];
        var options = Options(Org.TargetsWithNotifications, State(["token-1", "token-2"]), [.. bodies, .. bodies, .. bodies]) with
        {
            Concurrency = 4,
            BatchSize = 2,
            Faults = FaultSettings.Parse("lost-response=0.3"),
            Seed = seed,
        };

        var run = await LocalRunner.RunAsync(options);

        Assert.Empty(run.Summary.DeadLettered);
        var published = Published(run.StateAfter);
        var byId = published.GroupBy(p => p.Detail["notificationId"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.ToList());
        string[] expected =
        [
            AccountSyncNotice.IdFor("request-1", A), AccountSyncNotice.IdFor("request-1", B), AccountSyncNotice.IdFor("request-2", C),
            AccountSyncNotice.IdFor("leave-1", "222222222222"), AccountSyncNotice.IdFor("older-join", A),
        ];
        Assert.Equal(expected.Order(), byId.Keys.Order());
        Assert.All(byId.Values, copies => Assert.Single(copies.Select(c => c.Raw).Distinct()));
        Assert.All(published, p => Assert.Equal(("default", "orgsync", "111111111111", "us-east-1"), (p.Bus, p.Source, p.Account, p.Region)));
        Assert.All(byId.Values, copies => Assert.Equal(AccountSyncNotice.CompletedDetailType, copies[0].DetailType));

        var results = TaskResults(run.StateAfter);
        Assert.Equal(["token-1", "token-2"], results.Select(r => r["taskToken"]!.GetValue<string>()).Order());
        Assert.All(results, r => Assert.Equal("SUCCESS", r["status"]!.GetValue<string>()));
        var single = results.Single(r => r["taskToken"]!.GetValue<string>() == "token-2");
        Assert.Equal(byId[AccountSyncNotice.IdFor("request-2", C)][0].Raw, single["output"]!.GetValue<string>());

        Assert.Equal(5, run.Summary.Notifications.Length);
        Assert.Equal(published.Count, run.Summary.Notifications.Sum(n => n.Sends));
        Assert.Equal(2, run.Summary.TaskCallbacks.Length);
        Assert.Equal(["input#0", "input#1"], run.Summary.TaskCallbacks.Select(c => c.Input).Order());
    }

    [Fact]
    public async Task When_every_response_is_lost_every_resend_is_the_first_event_the_task_is_answered_once_and_no_write_is_repeated()
    {
        var body = FakePublisher.WithTask(Org.Join(A, Org.T0, "request-1"), "token-1");
        // Without source authorizations: a put whose every answer is lost can never be confirmed, so it would block
        // the account (PrerequisiteRunTests covers that); here only the writes' and the announcements' answers matter.
        var targets = Org.TargetsWithNotifications with { Aggregators = [.. Org.TargetsWithNotifications.Aggregators.Select(a => a with { AuthorizeSources = false })] };
        var options = Options(targets, State(["token-1"]), [body]) with { Faults = FaultSettings.Parse("lost-response=1") };

        var run = await LocalRunner.RunAsync(options);

        // The event never got a readable answer: its message is retried with it, then dead-lettered.
        var reason = Assert.Single(run.Summary.DeadLettered).Reason;
        Assert.Contains($"account {A}: its completion event could not be sent", reason, StringComparison.Ordinal);
        var published = Published(run.StateAfter);
        Assert.True(published.Count >= 3, $"every attempt put the event: {published.Count}");
        Assert.Single(published.Select(p => p.Raw).Distinct());
        Assert.Equal(TargetSyncOutcome.Applied, AccountSyncNotice.FromDetailJson(published[^1].Raw).Targets[0].Outcome); // the first detail, not a recomputed one
        Assert.Equal(published.Count, run.Summary.ApiCalls["events.PutEvents"]);

        // The first callback landed; its lost answer was followed by TaskTimedOut, which means exactly that.
        Assert.Single(TaskResults(run.StateAfter));
        Assert.Equal(2, run.Summary.ApiCalls["states.SendTaskSuccess"]);

        // The writes landed on the first delivery and were never repeated.
        Assert.Equal(1, run.Summary.ApiCalls["config.PutConfigurationAggregator"]);
        Assert.Equal(1, run.Summary.ApiCalls["imagebuilder.UpdateDistributionConfiguration"]);
    }

    [Fact]
    public async Task A_dead_lettered_request_announces_its_failure_with_the_reasons_once_and_fails_its_task()
    {
        var targets = TargetsFileLoader.Parse("""
            {
              "homeAccountId": "111111111111",
              "customSources": ["acme.vending"],
              "aggregators": [ { "name": "org-aggregator", "region": "us-east-1" } ],
              "deliveryChannels": [ { "memberRoleName": "OrgSyncMemberRole", "regions": ["us-east-1"], "channel": { "s3BucketName": "org-config-logs" } } ],
              "notifications": { "eventBusName": "default" }
            }
            """);
        var body = FakePublisher.WithTask(Org.Join(A, Org.T0, "request-1"), "token-1");

        var run = await LocalRunner.RunAsync(Options(targets, State(["token-1"]), [body]));

        Assert.Single(run.Summary.DeadLettered);
        var published = Assert.Single(Published(run.StateAfter));
        Assert.Equal(AccountSyncNotice.FailedDetailType, published.DetailType);
        var notice = AccountSyncNotice.FromDetailJson(published.Raw);
        // Applied on the first delivery; the announcement is made on the last, when the ledger has it.
        Assert.Equal((TargetSyncOutcome.AlreadyInPlace, "already applied"), notice.Targets.Single(t => t.Target == "aggregator/us-east-1/org-aggregator") is var aggregator ? (aggregator.Outcome, aggregator.Reason) : default);
        var channel = notice.Targets.Single(t => t.Target == $"delivery-channel/{A}/us-east-1");
        Assert.Equal(TargetSyncOutcome.Failed, channel.Outcome);
        Assert.Contains("NoAvailableConfigurationRecorderException", channel.Reason, StringComparison.Ordinal);

        var result = Assert.Single(TaskResults(run.StateAfter));
        Assert.Equal(("FAILURE", "OrgSync.AccountSyncFailed"), (result["status"]!.GetValue<string>(), result["error"]!.GetValue<string>()));
        Assert.Contains("NoAvailableConfigurationRecorderException", result["cause"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, run.Summary.ApiCalls["events.PutEvents"]);
        Assert.Equal(1, run.Summary.ApiCalls["states.SendTaskFailure"]);
    }

    [Fact]
    public async Task A_token_the_emulator_never_issued_is_refused_once_and_the_input_still_succeeds()
    {
        var run = await LocalRunner.RunAsync(Options(Org.TargetsWithNotifications, State([]), [FakePublisher.WithTask(Org.Join(A, Org.T0, "request-1"), "forged-token")]));

        Assert.Equal(1, run.Summary.Succeeded);
        Assert.Single(Published(run.StateAfter));
        Assert.Empty(TaskResults(run.StateAfter));
        Assert.Equal(1, run.Summary.ApiCalls["states.SendTaskSuccess"]);
    }

    [Fact]
    public async Task Without_notifications_nothing_reaches_EventBridge()
    {
        var run = await LocalRunner.RunAsync(Options(Org.Targets, State(["token-1"]), [FakePublisher.WithTask(Org.Join(A, Org.T0), "token-1")]));

        Assert.False(run.Summary.ApiCalls.ContainsKey("events.PutEvents"));
        Assert.Empty(run.Summary.Notifications);
    }

    private static LocalRunOptions Options(TargetsFile targets, EmulatorState state, ImmutableArray<string> bodies) => new()
    {
        Targets = targets,
        State = state,
        Inputs = Org.Inputs([.. bodies]),
        Seed = 1,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
    };

    private static EmulatorState State(string[] tokens)
    {
        var node = JsonNode.Parse(Org.StateJson("222222222222"))!;
        node["taskTokens"] = new JsonArray([.. tokens.Select(t => (JsonNode)new JsonObject { ["taskToken"] = t })]);

        // A has Image Builder's cross-account role, so its copies are not blocked (SPEC §3.5) and a join completes.
        node["roles"] = new JsonArray(new JsonObject { ["accountId"] = A, ["RoleName"] = "EC2ImageBuilderDistributionCrossAccountRole" });
        return EmulatorState.Parse(node.ToJsonString(), "test");
    }

    private static List<PublishedEvent> Published(string state) =>
        [
            .. (JsonNode.Parse(state)!["publishedEvents"]?.AsArray() ?? []).Select(e => new PublishedEvent(
                e!["EventBusName"]!.GetValue<string>(),
                e["Source"]!.GetValue<string>(),
                e["accountId"]!.GetValue<string>(),
                e["region"]!.GetValue<string>(),
                e["DetailType"]!.GetValue<string>(),
                e["Detail"]!.GetValue<string>())),
        ];

    private static List<JsonNode> TaskResults(string state) => [.. (JsonNode.Parse(state)!["taskResults"]?.AsArray() ?? []).Select(r => r!)];

    private sealed record PublishedEvent(string Bus, string Source, string Account, string Region, string DetailType, string Raw)
    {
        public JsonNode Detail => JsonNode.Parse(Raw)!;
    }
}
