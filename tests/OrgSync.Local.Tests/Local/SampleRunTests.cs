using System.Text.Json;
using System.Text.Json.Nodes;
using OrgSync.Local.Sample;
using OrgSync.Local.Tests.Support;

namespace OrgSync.Local.Tests.Local;

/// <summary>
/// <c>orgsync local</c> with no options: the bundled sample organization and the <c>events/</c> samples, which between them
/// hold every event kind of SPEC §1 and the prerequisites, membership check and notifications of SPEC §3.5 and §7.
/// </summary>
/// <remarks>
/// The story, input by input (accounts in Prod <c>ou-ab12-prod0001</c> or Dev <c>ou-ab12-dev00001</c>):
/// 01 Control Tower creates 444 (Prod) and 02 updates 555 (Prod): their Control Tower channels are left alone;
/// 03 Organizations creates 666 (Dev), whose sandbox SCP denies <c>config:PutDeliveryChannel</c>: permanent failure, dead-lettered;
/// 04 777 (Dev) accepts an invitation without Image Builder's cross-account role: blocked from golden's copies, dead-lettered;
/// 05 the vending pipeline's request for 121212 (Prod), with a requestId and a task token: completed, callback sent;
/// 06 333 removed, 07 + 08 232323 closed (one effect), 09 the vending pipeline retires 343434, 10 a failed Control Tower run (ignored);
/// 11 888 (Dev) joins by invitation (membership event) with its own channel, whose name is kept; 12 676767 leaves by itself;
/// 13 898989 moves Dev → Prod and joins the Prod-scoped prod-aggregator, 14 787878 moves Prod → Dev and leaves it;
/// 15 a forged join for 246824682468, not in the organization: refused, dead-lettered.
/// </remarks>
public sealed class SampleRunTests : IDisposable
{
    private const string Golden = "distribution/arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";
    private const string ForgedAccount = "246824682468";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task With_no_options_it_runs_the_sample_and_prints_a_before_after_report()
    {
        var run = await OrgSyncCli.RunAsync("local");

        Assert.Equal(0, run.ExitCode);
        string[] expected =
        [
            "OrgSync local run", "the bundled sample organization",
            "Queue: 15 messages, batch size 10, concurrency 1, max receive count 3; 4 batches, 21 deliveries",
            "Result: 12 succeeded (1 of them ignored), 3 dead-lettered",
            "│ org-aggregator (us-east-1)  │  7 → 9   │ +121212121212 +444444444444 +555555555555 +666666666666 +777777777777 +888888888888 │",
            "│ prod-aggregator (us-west-2) │  3 → 5   │ +121212121212 +444444444444 +555555555555 +898989898989 ",
            "−333333333333 −787878787878",
            "organization source: covers members, left alone", "organization share: covers members, left alone",
            "│ golden · us-east-1 targetAccountIds             │  2 → 6   │",
            "│ 888888888888 │ us-east-1 │ landing-zone │ updated (name kept): s3BucketName: old-bucket → org-config-logs;",
            "Prerequisites in member accounts", "PutAggregationAuthorization", "DeleteAggregationAuthorization", "role missing",
            "Accounts blocked from a list", "│ 777777777777 │ targetAccountIds │",
            "Left alone (managed by someone else)",
            "│ delivery-channel/444444444444/us-east-1 │ delivery channel 'aws-controltower-BaselineConfigDeliveryChannel' is managed by",
            "Completion events published", "Account Sync Completed", "Account Sync Failed",
            "Step Functions task callbacks", "│ events/05-custom-account-change-request-join.json │ SendTaskSuccess (output: the completion detail) │",
            "events/10-controltower-create-managed-account-failed.json",
            "events/04-organizations-accept-handshake.json (received 3×)",
            "explicit deny in a service control policy",
            "account 246824682468 is not a member of the organization",
            "│ total                                        │   103 │", "│ events.DescribeEventBus                      │     1 │",
        ];
        Assert.All(expected, text => Assert.Contains(text, run.Stdout, StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b[", run.Stdout, StringComparison.Ordinal); // no colour when not a terminal
    }

    [Fact]
    public async Task The_sample_summary_tells_the_story_input_by_input()
    {
        var summaryPath = _folder.Combine("summary.json");

        var run = await OrgSyncCli.RunAsync("local", "--summary", summaryPath);

        Assert.Equal(0, run.ExitCode);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath));
        var root = summary.RootElement;
        Assert.Equal((15, 12, 21), (root.GetProperty("messages").GetInt32(), root.GetProperty("succeeded").GetInt32(), root.GetProperty("deliveries").GetInt32()));

        // Three dead letters, each after its three deliveries, each for one reason only.
        var dead = root.GetProperty("deadLettered").EnumerateArray().ToDictionary(d => d.GetProperty("input").GetString()!, d => d.GetProperty("reason").GetString()!);
        Assert.Equal(
            ["events/03-organizations-create-account-result.json", "events/04-organizations-accept-handshake.json", "events/15-custom-account-change-request-forged-join.json"],
            dead.Keys);
        Assert.StartsWith(
            "delivery-channel/666666666666/us-east-1: account 666666666666: config:PutDeliveryChannel is refused by an explicit deny in a service control policy; retrying cannot pass it",
            dead["events/03-organizations-create-account-result.json"], StringComparison.Ordinal);
        Assert.EndsWith("service_control_policy/p-sandbox01", dead["events/03-organizations-create-account-result.json"], StringComparison.Ordinal);
        Assert.Equal(
            $"{Golden}: account 777777777777 blocked from targetAccountIds: role EC2ImageBuilderDistributionCrossAccountRole does not exist in account 777777777777 yet: "
            + "Image Builder needs it to copy AMIs there, so the account joins targetAccountIds once it does (infra/member-role.yaml can create it)",
            dead["events/04-organizations-accept-handshake.json"]);
        Assert.Equal(
            $"account {ForgedAccount} is not a member of the organization (AccountNotFoundException): its join is refused for every target",
            dead["events/15-custom-account-change-request-forged-join.json"]);
        var ignored = Assert.Single(root.GetProperty("ignored").EnumerateArray());
        Assert.Equal("events/10-controltower-create-managed-account-failed.json", ignored.GetProperty("input").GetString());

        var blocked = Assert.Single(root.GetProperty("blocked").EnumerateArray());
        Assert.Equal((Golden, "777777777777", "targetAccountIds", false), (blocked.GetProperty("target").GetString(), blocked.GetProperty("account").GetString(), blocked.GetProperty("list").GetString(), blocked.GetProperty("permanent").GetBoolean()));
        Assert.Equal(
            ["delivery-channel/444444444444/us-east-1", "delivery-channel/555555555555/us-east-1"],
            root.GetProperty("leftAlone").EnumerateArray().Select(l => l.GetProperty("target").GetString()));
        Assert.All(root.GetProperty("leftAlone").EnumerateArray(), l => Assert.Contains("managed by Control Tower", l.GetProperty("reason").GetString(), StringComparison.Ordinal));

        // Authorizations in each source Region before a join (the blocked account's too), withdrawn after a leave or a move out
        // of scope; the role check passes for every joining account but 777777777777; the forged account is never touched.
        var prerequisites = root.GetProperty("prerequisites").EnumerateArray()
            .Select(p => $"{p.GetProperty("target").GetString()} {p.GetProperty("operation").GetString()} {p.GetProperty("account").GetString()} {p.GetProperty("region").GetString()} {p.GetProperty("outcome").GetString()}").ToList();
        Assert.Superset(
            new HashSet<string>(
            [
                "aggregator/us-east-1/org-aggregator PutAggregationAuthorization 777777777777 us-west-2 Authorized",
                "aggregator/us-east-1/org-aggregator PutAggregationAuthorization 888888888888 us-east-1 Authorized",
                "aggregator/us-east-1/org-aggregator DeleteAggregationAuthorization 676767676767 us-west-2 Deleted",
                "aggregator/us-west-2/prod-aggregator PutAggregationAuthorization 898989898989 us-east-1 Authorized",
                "aggregator/us-west-2/prod-aggregator DeleteAggregationAuthorization 787878787878 us-west-2 Deleted",
                $"{Golden} GetRole 121212121212  RolePresent",
                $"{Golden} GetRole 777777777777  RoleMissing",
            ]),
            prerequisites.ToHashSet());
        Assert.Equal(20, prerequisites.Count(p => p.Contains("PutAggregationAuthorization", StringComparison.Ordinal)));
        Assert.Equal(12, prerequisites.Count(p => p.Contains("DeleteAggregationAuthorization", StringComparison.Ordinal)));
        Assert.DoesNotContain(prerequisites, p => p.Contains(ForgedAccount, StringComparison.Ordinal) || p.Contains("prod-aggregator PutAggregationAuthorization 666666666666", StringComparison.Ordinal));

        // One completion event per input and account, sent once; failed for the three dead letters.
        var notifications = root.GetProperty("notifications").EnumerateArray().ToDictionary(
            n => n.GetProperty("input").GetString()!,
            n => $"{n.GetProperty("detailType").GetString()} {n.GetProperty("accountId").GetString()} {n.GetProperty("action").GetString()} ×{n.GetProperty("sends").GetInt32()}");
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["events/01-controltower-create-managed-account.json"] = "Account Sync Completed 444444444444 join ×1",
                ["events/02-controltower-update-managed-account.json"] = "Account Sync Completed 555555555555 join ×1",
                ["events/03-organizations-create-account-result.json"] = "Account Sync Failed 666666666666 join ×1",
                ["events/04-organizations-accept-handshake.json"] = "Account Sync Failed 777777777777 join ×1",
                ["events/05-custom-account-change-request-join.json"] = "Account Sync Completed 121212121212 join ×1",
                ["events/06-organizations-remove-account.json"] = "Account Sync Completed 333333333333 leave ×1",
                ["events/07-organizations-close-account.json"] = "Account Sync Completed 232323232323 leave ×1",
                ["events/08-organizations-close-account-result.json"] = "Account Sync Completed 232323232323 leave ×1",
                ["events/09-custom-account-change-request-leave.json"] = "Account Sync Completed 343434343434 leave ×1",
                ["events/11-organizations-account-joined-organization.json"] = "Account Sync Completed 888888888888 join ×1",
                ["events/12-organizations-account-departed-organization.json"] = "Account Sync Completed 676767676767 leave ×1",
                ["events/13-organizations-move-account-to-prod.json"] = "Account Sync Completed 898989898989 move ×1",
                ["events/14-organizations-move-account-to-dev.json"] = "Account Sync Completed 787878787878 move ×1",
                ["events/15-custom-account-change-request-forged-join.json"] = $"Account Sync Failed {ForgedAccount} join ×1",
            },
            notifications);
        var callback = Assert.Single(root.GetProperty("taskCallbacks").EnumerateArray());
        Assert.Equal(("events/05-custom-account-change-request-join.json", "SUCCESS"), (callback.GetProperty("input").GetString(), callback.GetProperty("status").GetString()));

        var calls = root.GetProperty("apiCalls");
        long Calls(string call) => calls.TryGetProperty(call, out var count) ? count.GetInt64() : 0;
        // Two batches wrote each aggregator and golden once; 666's channel was tried once per delivery (the SCP deny is not
        // retried within one), the Control Tower channels never (their SCP would have refused it: no other AccessDenied).
        Assert.Equal((4, 2, 6), (Calls("config.PutConfigurationAggregator"), Calls("imagebuilder.UpdateDistributionConfiguration"), Calls("config.PutDeliveryChannel")));
        Assert.Equal((3, 1, 0), (Calls("events.PutEvents"), Calls("states.SendTaskSuccess"), Calls("states.SendTaskFailure")));
        Assert.Equal(
            new Dictionary<string, long> { ["config.AccessDeniedException"] = 3, ["iam.NoSuchEntity"] = 3, ["organizations.AccountNotFoundException"] = 3 },
            root.GetProperty("apiErrors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetInt64()));
    }

    [Fact]
    public async Task The_sample_final_state_shows_who_joined_and_left_where_and_what_was_left_alone()
    {
        var outPath = _folder.Combine("out.json");

        var run = await OrgSyncCli.RunAsync("local", "--out", outPath);

        Assert.Equal(0, run.ExitCode);
        var state = await File.ReadAllTextAsync(outPath);
        var node = JsonNode.Parse(state)!;

        // Every join lands in org-aggregator (777777777777 and 666666666666 too: only their other targets failed); leaves go.
        // Moves touch only the Prod-scoped prod-aggregator: 898989898989 in, 787878787878 out (it stays in org-aggregator).
        Assert.Equal(
            ["121212121212", "222222222222", "444444444444", "555555555555", "666666666666", "777777777777", "787878787878", "888888888888", "898989898989"],
            StateOf.AggregatorAccounts(state));
        Assert.Equal(["121212121212", "222222222222", "444444444444", "555555555555", "898989898989"], StateOf.AggregatorAccounts(state, "prod-aggregator"));
        var orgWide = node["configurationAggregators"]!.AsArray().Single(a => a!["ConfigurationAggregatorName"]!.GetValue<string>() == "org-wide")!;
        Assert.Null(orgWide["AccountAggregationSources"]);

        // golden: launch permission for every joining account, the blocked one included; copies for all but 777777777777.
        string[] launch = ["121212121212", "222222222222", "444444444444", "555555555555", "666666666666", "777777777777", "787878787878", "888888888888", "898989898989"];
        Assert.Equal(launch, StateOf.LaunchPermission(state));
        Assert.Equal(["121212121212", "222222222222", "444444444444", "555555555555", "666666666666", "888888888888"], StateOf.TargetAccountIds(state));
        Assert.Equal(["121212121212", "444444444444", "555555555555", "666666666666", "888888888888"], StateOf.TargetAccountIds(state, distribution: 1));
        var orgShared = node["distributionConfigurations"]!.AsArray().Single(d => d!["name"]!.GetValue<string>() == "org-shared")!;
        Assert.Null(orgShared["distributions"]![0]!["amiDistributionConfiguration"]!["launchPermission"]!["userIds"]);

        // Authorizations: present for every member of each aggregator, gone for the leavers and for 787878787878 in prod-aggregator's Region.
        var authorizations = StateOf.Authorizations(state).Select(a => $"{a.Account} {a.Region} → {a.AuthorizedRegion}").ToHashSet();
        foreach (var region in new[] { "us-east-1", "us-west-2" })
        {
            Assert.All(StateOf.AggregatorAccounts(state), a => Assert.Contains($"{a} {region} → us-east-1", authorizations));
            Assert.All(StateOf.AggregatorAccounts(state, "prod-aggregator"), a => Assert.Contains($"{a} {region} → us-west-2", authorizations));
            Assert.All(["232323232323", "333333333333", "343434343434", "676767676767"], a => Assert.DoesNotContain($"{a} {region} → us-east-1", authorizations));
            Assert.DoesNotContain($"787878787878 {region} → us-west-2", authorizations);
        }

        // The forged account reached no target: it shows only in its own "Account Sync Failed" event.
        var withoutEvents = node.DeepClone().AsObject();
        withoutEvents.Remove("publishedEvents");
        Assert.DoesNotContain(ForgedAccount, withoutEvents.ToJsonString(), StringComparison.Ordinal);

        // Channels: Control Tower's untouched, 888888888888's renamed nowhere but updated, 121212121212's and 777777777777's
        // created, 666666666666 without one (its SCP refused it).
        var channels = node["deliveryChannels"]!.AsArray().ToDictionary(c => c!["accountId"]!.GetValue<string>());
        Assert.Equal(["121212121212", "444444444444", "555555555555", "777777777777", "888888888888"], channels.Keys.Order());
        var original = JsonNode.Parse(BundledSample.StateJson)!["deliveryChannels"]!.AsArray();
        Assert.All(["444444444444", "555555555555"], account => Assert.True(
            JsonNode.DeepEquals(original.Single(c => c!["accountId"]!.GetValue<string>() == account), channels[account]),
            $"the Control Tower channel of {account} changed"));
        Assert.Equal("aws-controltower-BaselineConfigDeliveryChannel", channels["444444444444"]!["name"]!.GetValue<string>());
        Assert.Equal(("landing-zone", "org-config-logs", "Six_Hours"), (channels["888888888888"]!["name"]!.GetValue<string>(), channels["888888888888"]!["s3BucketName"]!.GetValue<string>(), channels["888888888888"]!["configSnapshotDeliveryProperties"]!["deliveryFrequency"]!.GetValue<string>()));
        Assert.Equal("default", channels["121212121212"]!["name"]!.GetValue<string>());

        // Completion events on the configured bus, one per input and account; the vending request's callback carries its requestId.
        var published = node["publishedEvents"]!.AsArray();
        Assert.Equal(14, published.Count);
        Assert.All(published, e => Assert.Equal(("account-vending", "orgsync"), (e!["EventBusName"]!.GetValue<string>(), e["Source"]!.GetValue<string>())));
        Assert.Equal(3, published.Count(e => e!["DetailType"]!.GetValue<string>() == "Account Sync Failed"));
        var result = Assert.Single(node["taskResults"]!.AsArray())!;
        Assert.Equal("SUCCESS", result["status"]!.GetValue<string>());
        var output = JsonNode.Parse(result["output"]!.GetValue<string>())!;
        Assert.Equal(("121212121212", "join", "vend-2026-11-01-0042"), (output["accountId"]!.GetValue<string>(), output["action"]!.GetValue<string>(), output["requestId"]!.GetValue<string>()));
        Assert.All(output["targets"]!.AsArray(), t => Assert.True(t!["outcome"]!.GetValue<string>() is "applied" or "already-in-place", t.ToJsonString()));
    }

    [Fact]
    public void The_sample_is_bundled_so_it_runs_from_any_folder()
    {
        Assert.Equal(15, BundledSample.Events.Length);
        Assert.All(BundledSample.Events, e => Assert.StartsWith("events/", e.Name, StringComparison.Ordinal));
        Assert.Equal(BundledSample.Events.Select(e => e.Name).Order(StringComparer.Ordinal), BundledSample.Events.Select(e => e.Name));
        Assert.Contains("prod-aggregator", BundledSample.TargetsJson, StringComparison.Ordinal);
        Assert.Contains("aws-controltower-BaselineConfigDeliveryChannel", BundledSample.StateJson, StringComparison.Ordinal);
    }
}
