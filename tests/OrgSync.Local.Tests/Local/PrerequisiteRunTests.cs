using System.Text.Json;
using System.Text.Json.Nodes;
using OrgSync.Local.Tests.Support;

namespace OrgSync.Local.Tests.Local;

/// <summary>
/// SPEC §3.5 end to end through <c>orgsync local</c>: an organization whose state holds roles, aggregation authorizations,
/// Control Tower channels and service control denies, and a join or leave for each case — what the report, the summary
/// and the final state show; and a join blocked for want of the role, sent again once the role exists.
/// </summary>
public sealed class PrerequisiteRunTests : IDisposable
{
    private const string Authorized = "444444444444";        // role, recorders: authorized in both source Regions, copies granted
    private const string AlreadyAuthorized = "555555555555"; // authorized in us-east-1 already
    private const string NoRole = "666666666666";            // no cross-account role: blocked from targetAccountIds, dead-lettered
    private const string ControlTower = "777777777777";      // Control Tower channels: left alone in us-east-1, managed in eu-west-1
    private const string DeniedAuthorization = "888888888888"; // an SCP denies PutAggregationAuthorization: blocked for good
    private const string DeniedChannel = "600000000001";     // an SCP denies PutDeliveryChannel: the channel fails for good
    private const string Leaving = "222222222222";           // leaves: its authorizations are withdrawn
    private const string LeavingUnreachable = "333333333333"; // leaves: its withdrawal is denied, ignored

    private static readonly string[] Joining = [Authorized, AlreadyAuthorized, NoRole, ControlTower, DeniedAuthorization, DeniedChannel];
    private static readonly string[] SourceRegions = ["us-east-1", "eu-west-1"];

    private const string TargetsJson = """
        {
          "homeAccountId": "111111111111",
          "trustedManagementAccountId": "111111111111",
          "customSources": ["acme.vending"],
          "aggregators": [ { "name": "org-aggregator", "region": "us-east-1", "authorizationRegions": ["us-east-1", "eu-west-1"] } ],
          "distributions": [ { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden",
                               "share": ["launchPermission", "targetAccountIds"] } ],
          "deliveryChannels": [
            { "memberRoleName": "OrgSyncMemberRole", "regions": ["us-east-1"], "channel": { "s3BucketName": "org-config-logs" } },
            { "memberRoleName": "OrgSyncMemberRole", "regions": ["eu-west-1"], "controlTowerManaged": "manage", "channel": { "s3BucketName": "org-config-logs" } } ]
        }
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string StateJson()
    {
        var state = JsonNode.Parse(Org.StateJson(Leaving, LeavingUnreachable))!.AsObject();
        var ami = state["distributionConfigurations"]![0]!["distributions"]![0]!["amiDistributionConfiguration"]!.AsObject();
        ami["targetAccountIds"] = new JsonArray(Leaving);
        state["configurationRecorders"] = new JsonArray([
            .. Joining.SelectMany(account => SourceRegions.Select(region => (JsonNode)new JsonObject
            {
                ["accountId"] = account, ["region"] = region, ["name"] = "default", ["roleARN"] = $"arn:aws:iam::{account}:role/config",
            })),
        ]);
        state["deliveryChannels"] = new JsonArray([
            .. SourceRegions.Select(region => (JsonNode)new JsonObject
            {
                ["accountId"] = ControlTower, ["region"] = region, ["name"] = "aws-controltower-BaselineConfigDeliveryChannel",
                ["s3BucketName"] = "aws-controltower-logs-999999999999-" + region,
            }),
        ]);
        state["aggregationAuthorizations"] = new JsonArray([
            .. new[] { (Leaving, "us-east-1"), (Leaving, "eu-west-1"), (LeavingUnreachable, "us-east-1"), (LeavingUnreachable, "eu-west-1"), (AlreadyAuthorized, "us-east-1") }
                .Select(a => (JsonNode)Authorization(a.Item1, a.Item2)),
        ]);
        state["roles"] = new JsonArray([
            .. new[] { Leaving, Authorized, AlreadyAuthorized, ControlTower, DeniedAuthorization, DeniedChannel }
                .Select(account => (JsonNode)new JsonObject { ["accountId"] = account, ["RoleName"] = "EC2ImageBuilderDistributionCrossAccountRole" }),
        ]);
        state["serviceControlDenies"] = new JsonArray(
            new JsonObject { ["accountId"] = DeniedAuthorization, ["action"] = "config:PutAggregationAuthorization" },
            new JsonObject { ["accountId"] = DeniedChannel, ["action"] = "config:PutDeliveryChannel" },
            new JsonObject { ["accountId"] = LeavingUnreachable, ["action"] = "config:DeleteAggregationAuthorization" });
        return state.ToJsonString();
    }

    private static JsonObject Authorization(string account, string region) => new()
    {
        ["accountId"] = account, ["region"] = region, ["AuthorizedAccountId"] = Org.Home, ["AuthorizedAwsRegion"] = "us-east-1", ["CreationTime"] = 1767225600,
    };

    [Fact]
    public async Task Each_prerequisite_case_shows_in_the_report_the_summary_and_the_final_state()
    {
        var events = Joining.Select(account => Org.Join(account, Org.T0, "join-" + account))
            .Append(Org.Leave(Leaving, Org.T0, "leave-" + Leaving))
            .Append(Org.Leave(LeavingUnreachable, Org.T0, "leave-" + LeavingUnreachable))
            .Select((body, index) => _folder.File($"events/{index:D2}.json", body))
            .ToList();
        var summaryPath = _folder.Combine("summary.json");
        var outPath = _folder.Combine("out.json");

        var run = await OrgSyncCli.RunAsync(
            "local", "--targets", _folder.File("targets.json", TargetsJson), "--state", _folder.File("state.json", StateJson()),
            "--events", _folder.Combine("events"), "--summary", summaryPath, "--out", outPath, "--seed", "7");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("5 succeeded (0 of them ignored), 3 dead-lettered", run.Stdout, StringComparison.Ordinal);
        // Short phrases only: the report's tables wrap longer ones.
        foreach (var shown in new[] { "Prerequisites in member accounts", "already authorized", "unreachable", "role present", "role missing", "denied by", "deleted", "Accounts blocked from a list", "Left alone", $"delivery-channel/{ControlTower}/us-east-1" })
        {
            Assert.Contains(shown, run.Stdout, StringComparison.Ordinal);
        }

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath));
        var root = summary.RootElement;
        var steps = root.GetProperty("prerequisites").EnumerateArray()
            .Select(p => $"{p.GetProperty("operation").GetString()} {p.GetProperty("account").GetString()} {p.GetProperty("region").GetString() ?? "global"} {p.GetProperty("outcome").GetString()}")
            .ToHashSet();
        string[] expected =
        [
            $"PutAggregationAuthorization {Authorized} us-east-1 Authorized", $"PutAggregationAuthorization {Authorized} eu-west-1 Authorized",
            $"PutAggregationAuthorization {AlreadyAuthorized} us-east-1 AlreadyAuthorized", $"PutAggregationAuthorization {AlreadyAuthorized} eu-west-1 Authorized",
            $"PutAggregationAuthorization {DeniedAuthorization} eu-west-1 DeniedByServiceControlPolicy",
            $"DeleteAggregationAuthorization {Leaving} us-east-1 Deleted", $"DeleteAggregationAuthorization {Leaving} eu-west-1 Deleted",
            $"DeleteAggregationAuthorization {LeavingUnreachable} us-east-1 Unreachable", $"DeleteAggregationAuthorization {LeavingUnreachable} eu-west-1 Unreachable",
            $"GetRole {Authorized} global RolePresent", $"GetRole {NoRole} global RoleMissing", $"GetRole {DeniedAuthorization} global RolePresent",
        ];
        Assert.All(expected, step => Assert.Contains(step, steps));

        var blocked = root.GetProperty("blocked").EnumerateArray().ToDictionary(b => b.GetProperty("account").GetString()!);
        Assert.Equal([.. new[] { DeniedAuthorization, NoRole }.Order(StringComparer.Ordinal)], blocked.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("targetAccountIds", false), (blocked[NoRole].GetProperty("list").GetString(), blocked[NoRole].GetProperty("permanent").GetBoolean()));
        Assert.Equal(("AccountIds", true), (blocked[DeniedAuthorization].GetProperty("list").GetString(), blocked[DeniedAuthorization].GetProperty("permanent").GetBoolean()));

        var dead = root.GetProperty("deadLettered").EnumerateArray().ToDictionary(d => d.GetProperty("input").GetString()!, d => d.GetProperty("reason").GetString()!);
        Assert.Equal(3, dead.Count);
        Assert.Contains("role EC2ImageBuilderDistributionCrossAccountRole does not exist in account 666666666666 yet", dead.Single(d => d.Value.Contains(NoRole, StringComparison.Ordinal)).Value, StringComparison.Ordinal);
        Assert.Contains(dead.Values, r => r.Contains("account 888888888888: config:PutAggregationAuthorization is refused by an explicit deny in a service control policy", StringComparison.Ordinal));
        Assert.Contains(dead.Values, r => r.Contains("account 600000000001: config:PutDeliveryChannel is refused by an explicit deny in a service control policy", StringComparison.Ordinal));

        var leftAlone = Assert.Single(root.GetProperty("leftAlone").EnumerateArray());
        Assert.Equal($"delivery-channel/{ControlTower}/us-east-1", leftAlone.GetProperty("target").GetString());
        Assert.Contains("'aws-controltower-BaselineConfigDeliveryChannel' is managed by Control Tower", leftAlone.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Idempotent puts and deletes sent once per account and Region that needed them; role checks on every delivery of a blocked join.
        var calls = root.GetProperty("apiCalls");
        // Five accounts in two Regions, and the SCP-denied account's first Region on each of its three deliveries (its second is never tried).
        Assert.Equal((5 * 2) + 3, calls.GetProperty("config.PutAggregationAuthorization").GetInt64());
        Assert.Equal(2 * 2, calls.GetProperty("config.DeleteAggregationAuthorization").GetInt64());
        // Six joins' role checks on their first delivery, and the role-less account's again on its two redeliveries.
        Assert.Equal(6 + 2, calls.GetProperty("iam.GetRole").GetInt64());
        // Channels written once per joining account and Region, none for Control Tower's in us-east-1; the SCP-denied
        // account's two Regions once per delivery — an explicit deny is never retried inside the invocation.
        Assert.Equal((4 * 2) + 1 + (2 * 3), calls.GetProperty("config.PutDeliveryChannel").GetInt64());
        // Those six channel denies, the three authorization denies and the two withdrawals denied.
        Assert.Equal(6 + 3 + 2, root.GetProperty("apiErrors").GetProperty("config.AccessDeniedException").GetInt64());

        var state = await File.ReadAllTextAsync(outPath);
        Assert.Equal([.. new[] { Authorized, AlreadyAuthorized, NoRole, ControlTower, DeniedChannel }.Order(StringComparer.Ordinal)], StateOf.AggregatorAccounts(state));
        Assert.Equal([.. new[] { Authorized, AlreadyAuthorized, NoRole, ControlTower, DeniedAuthorization, DeniedChannel }.Order(StringComparer.Ordinal)], StateOf.LaunchPermission(state));
        Assert.Equal([.. new[] { Authorized, AlreadyAuthorized, ControlTower, DeniedAuthorization, DeniedChannel }.Order(StringComparer.Ordinal)], StateOf.TargetAccountIds(state));
        var authorizations = StateOf.Authorizations(state);
        Assert.All(new[] { Authorized, AlreadyAuthorized, NoRole, ControlTower, DeniedChannel }, account =>
            Assert.Equal(["eu-west-1", "us-east-1"], authorizations.Where(a => a.Account == account).Select(a => a.Region).Order(StringComparer.Ordinal)));
        Assert.DoesNotContain(authorizations, a => a.Account is Leaving or DeniedAuthorization);
        Assert.Equal(2, authorizations.Count(a => a.Account == LeavingUnreachable)); // best effort: left behind, ignored
        Assert.All(authorizations, a => Assert.Equal((Org.Home, "us-east-1"), (a.AuthorizedAccount, a.AuthorizedRegion)));

        // Put before the aggregator write that needs them (the emulator stamps both with its clock); the one already there kept as it was.
        var aggregatorWritten = StateOf.AggregatorLastUpdated(state);
        var seeded = Authorization(AlreadyAuthorized, "us-east-1")["CreationTime"]!.GetValue<int>();
        Assert.Equal(seeded, authorizations.Single(a => a is { Account: AlreadyAuthorized, Region: "us-east-1" }).CreationTime);
        var created = authorizations.Where(a => a.CreationTime != seeded).ToList();
        Assert.Equal((5 * 2) - 1, created.Count);
        Assert.All(created, a => Assert.True(a.CreationTime <= aggregatorWritten, $"{a.Account} {a.Region} authorized at {a.CreationTime}, after the aggregator write at {aggregatorWritten}"));

        var channels = JsonNode.Parse(state)!["deliveryChannels"]!.AsArray().Where(c => c!["accountId"]!.GetValue<string>() == ControlTower)
            .ToDictionary(c => c!["region"]!.GetValue<string>(), c => (c!["name"]!.GetValue<string>(), c["s3BucketName"]!.GetValue<string>()));
        Assert.Equal(("aws-controltower-BaselineConfigDeliveryChannel", "aws-controltower-logs-999999999999-us-east-1"), channels["us-east-1"]);
        Assert.Equal(("aws-controltower-BaselineConfigDeliveryChannel", "org-config-logs"), channels["eu-west-1"]);
    }

    [Fact]
    public async Task A_join_blocked_for_want_of_the_role_is_added_to_targetAccountIds_when_redelivered_after_the_role_exists()
    {
        var events = _folder.File("events/join.json", Org.Join(NoRole, Org.T0, "join-" + NoRole));
        var ledger = _folder.Combine("ledger");
        string[] Run(string state, string name) =>
        [
            "local", "--targets", _folder.File("targets.json", TargetsJson), "--state", state, "--events", events,
            "--ledger", ledger, "--summary", _folder.Combine(name + "-summary.json"), "--out", _folder.Combine(name + "-out.json"),
        ];

        // No role yet: every delivery checks for it, launch permission is granted, and the message is dead-lettered.
        var first = await OrgSyncCli.RunAsync(Run(_folder.File("state.json", StateJson()), "first"));
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("0 succeeded (0 of them ignored), 1 dead-lettered", first.Stdout, StringComparison.Ordinal);
        var afterFirst = await File.ReadAllTextAsync(_folder.Combine("first-out.json"));
        Assert.Contains(NoRole, StateOf.LaunchPermission(afterFirst));
        Assert.Contains(NoRole, StateOf.AggregatorAccounts(afterFirst));
        Assert.DoesNotContain(NoRole, StateOf.TargetAccountIds(afterFirst));

        // Someone creates the role (infra/member-role.yaml); the dead-lettered message is sent again, with the same ledger.
        var withRole = JsonNode.Parse(afterFirst)!.AsObject();
        withRole["roles"]!.AsArray().Add(new JsonObject { ["accountId"] = NoRole, ["RoleName"] = "EC2ImageBuilderDistributionCrossAccountRole" });
        var second = await OrgSyncCli.RunAsync(Run(_folder.File("second-state.json", withRole.ToJsonString()), "second"));

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("1 succeeded (0 of them ignored), 0 dead-lettered", second.Stdout, StringComparison.Ordinal);
        var afterSecond = await File.ReadAllTextAsync(_folder.Combine("second-out.json"));
        Assert.Equal([.. new[] { Leaving, NoRole }.Order(StringComparer.Ordinal)], StateOf.TargetAccountIds(afterSecond));
        Assert.Contains(NoRole, StateOf.LaunchPermission(afterSecond));

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(_folder.Combine("second-summary.json")));
        var root = summary.RootElement;
        Assert.Empty(root.GetProperty("blocked").EnumerateArray());
        Assert.Contains(root.GetProperty("prerequisites").EnumerateArray(), p =>
            (p.GetProperty("operation").GetString(), p.GetProperty("account").GetString(), p.GetProperty("outcome").GetString()) == ("GetRole", NoRole, "RolePresent"));
        // Only the distribution had anything left to do: one write, and the aggregator (already done) untouched.
        Assert.Equal(1, root.GetProperty("apiCalls").GetProperty("imagebuilder.UpdateDistributionConfiguration").GetInt64());
        Assert.False(root.GetProperty("apiCalls").TryGetProperty("config.PutConfigurationAggregator", out _));
    }
}
