using System.Text.Json.Nodes;
using OrgSync.Local.Queue;
using OrgSync.Local.Running;
using OrgSync.Local.Tests.Support;

namespace OrgSync.Local.Tests.Local;

/// <summary>
/// <c>orgsync local --reconcile</c> (SPEC §4, §6): after the queue has drained, one applied pass on the same ledger,
/// journal and lease as the events; its channel checks go through the queue.
/// </summary>
public sealed class ReconcileRunTests : IDisposable
{
    private const string Joiner = "300000000001", Preexisting = "300000000002", DevMember = "300000000003", ProdMember = "300000000004";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Local_reconcile_adds_preexisting_members_checks_their_channels_through_the_queue_and_reports_a_reconcile_section()
    {
        OrgMember[] members = [new(Joiner), new(Preexisting), new(DevMember, Parent: ReconcileOrg.Dev), new(ProdMember, Parent: ReconcileOrg.Prod)];
        var state = ReconcileOrg.State(members, orgAggregator: [Org.Home], prodAggregator: [ProdMember], golden: [Org.Home, ProdMember]);
        state["configurationRecorders"] = new JsonArray([
            .. members.Select(m => m.Id).Append(Org.Home).Select(account => (JsonNode)new JsonObject
            {
                ["accountId"] = account, ["region"] = "us-east-1", ["name"] = "default", ["roleARN"] = $"arn:aws:iam::{account}:role/config",
            }),
        ]);
        var channels = new JsonObject
        {
            ["deliveryChannels"] = new JsonArray(new JsonObject
            {
                ["memberRoleName"] = "OrgSyncMemberRole", ["regions"] = new JsonArray("us-east-1"), ["channel"] = new JsonObject { ["s3BucketName"] = "org-config-logs" },
            }),
        };
        var summary = _folder.Combine("summary.json");
        var output = _folder.Combine("out.json");

        var run = await OrgSyncCli.RunAsync(
            "local",
            "--targets", _folder.File("targets.json", ReconcileOrg.TargetsJson(more: channels)),
            "--state", _folder.File("state.json", state.ToJsonString()),
            "--events", _folder.File("join.json", Org.Join(Joiner, Org.T0)),
            "--reconcile", "--summary", summary, "--out", output, "--seed", "1");

        Assert.Equal(0, run.ExitCode);
        var after = File.ReadAllText(output);
        Assert.Equal([Org.Home, Joiner, Preexisting, DevMember, ProdMember], ReconcileOrg.Holds(after, ReconcileOrg.OrgKey).Order(StringComparer.Ordinal));
        Assert.Equal([Org.Home, Joiner, Preexisting, DevMember, ProdMember], ReconcileOrg.Holds(after, ReconcileOrg.GoldenKey).Order(StringComparer.Ordinal));
        Assert.Equal([ProdMember], ReconcileOrg.Holds(after, ReconcileOrg.ProdKey));
        // Every member's channel: the joiner's from its event, the others' from the pass's checks, taken off the queue.
        var channelAccounts = JsonNode.Parse(after)!["deliveryChannels"]!.AsArray().Select(c => c!["accountId"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal([Org.Home, Joiner, Preexisting, DevMember, ProdMember], channelAccounts);

        var json = JsonNode.Parse(File.ReadAllText(summary))!;
        Assert.Equal(6, json["messages"]!.GetValue<int>());
        Assert.Equal(6, json["succeeded"]!.GetValue<int>());
        var reconcile = json["reconcile"]!;
        Assert.True(reconcile["applied"]!.GetValue<bool>());
        Assert.Equal(5, reconcile["channelChecks"]!.GetValue<int>());
        var org = reconcile["targets"]!.AsArray().Single(t => t!["target"]!.GetValue<string>() == ReconcileOrg.OrgKey)!;
        Assert.Equal([Preexisting, DevMember, ProdMember], org["missing"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.True(org["written"]!.GetValue<bool>());
        Assert.Equal(1, reconcile["apiCalls"]!["organizations.ListAccounts"]!.GetValue<long>());
        Assert.Equal(4, reconcile["apiCalls"]!["config.PutDeliveryChannel"]!.GetValue<long>());
        Assert.Contains("Reconcile pass", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("sent onto the queue", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_recorded_after_the_listing_started_are_never_undone()
    {
        const string Leaver = "300000000011", OutsideJoiner = "300000000012";
        OrgMember[] members = [new(Leaver), new(ProdMember, Parent: ReconcileOrg.Prod)];
        // Both events are newer than the pass's listing: the leaver is still ACTIVE in it and the joiner not listed at all.
        var later = DateTimeOffset.UtcNow.AddHours(1);
        var options = new LocalRunOptions
        {
            Targets = ReconcileOrg.Targets(more: new JsonObject { ["verifyMembership"] = false }),
            State = ReconcileOrg.EmulatorState(ReconcileOrg.State(members, [Org.Home, Leaver], [ProdMember], [Org.Home, Leaver, ProdMember])),
            Inputs = Org.Inputs(Org.Leave(Leaver, later), Org.Join(OutsideJoiner, later)),
            Seed = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            Reconcile = true,
        };

        var result = await LocalRunner.RunAsync(options);

        Assert.Equal([Org.Home, ProdMember, OutsideJoiner], ReconcileOrg.Holds(result.StateAfter, ReconcileOrg.OrgKey).Order(StringComparer.Ordinal));
        Assert.Equal([Org.Home, ProdMember, OutsideJoiner], ReconcileOrg.Holds(result.StateAfter, ReconcileOrg.GoldenKey).Order(StringComparer.Ordinal));
        var org = result.Summary.Reconcile!.Outcome.Targets.Single(t => t.Key == ReconcileOrg.OrgKey);
        Assert.Equal([ProdMember, Leaver], org.Drift.Missing.ToArray());
        Assert.Equal([OutsideJoiner], org.Drift.Stale.ToArray());
        Assert.Equal([Leaver, OutsideJoiner], org.Drift.Superseded.Order(StringComparer.Ordinal));
        Assert.True(result.Summary.Reconcile.Outcome.Succeeded);
    }

    [Fact]
    public async Task Over_the_weekly_budget_the_pass_defers_the_newest_joins_and_reports_them()
    {
        const string K1 = "300000000021", K2 = "300000000022";
        string[] newcomers = ["300000000031", "300000000032", "300000000033", "300000000034"];
        var joined = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        OrgMember[] members =
        [
            new(K1), new(K2), new(ProdMember, Parent: ReconcileOrg.Prod),
            .. newcomers.Select((id, i) => new OrgMember(id, JoinedAt: joined.AddMonths(i).ToUnixTimeSeconds())),
        ];
        var options = new LocalRunOptions
        {
            Targets = ReconcileOrg.Targets(reconcile: new JsonObject { ["weeklyAggregatorChangeBudget"] = 3 }),
            State = ReconcileOrg.EmulatorState(ReconcileOrg.State(members, [Org.Home, ProdMember], [ProdMember], [Org.Home, ProdMember])),
            // Two event-driven joins: never deferred, and they use 2 of the budget of 3 this week.
            Inputs = Org.Inputs(Org.Join(K1, Org.T0), Org.Join(K2, Org.T0)),
            Seed = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            Reconcile = true,
        };

        var result = await LocalRunner.RunAsync(options);

        Assert.All(result.Messages, message => Assert.Equal(MessageFate.Deleted, message.Fate));
        Assert.Equal([Org.Home, ProdMember, K1, K2, newcomers[0]], ReconcileOrg.Holds(result.StateAfter, ReconcileOrg.OrgKey).Order(StringComparer.Ordinal));
        var org = result.Summary.Reconcile!.Outcome.Targets.Single(t => t.Key == ReconcileOrg.OrgKey);
        Assert.Equal(newcomers, org.Drift.Missing);
        Assert.Equal([newcomers[3], newcomers[2], newcomers[1]], org.Drift.Deferred.ToArray());
        Assert.True(org.Written);
        // Distributions have no such quota: the golden configuration gets every newcomer at once.
        Assert.Equal([Org.Home, ProdMember, K1, K2, .. newcomers], ReconcileOrg.Holds(result.StateAfter, ReconcileOrg.GoldenKey).Order(StringComparer.Ordinal));
        Assert.Contains("\"deferred\": [\n", result.Summary.ToJson().Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
