using System.Text.Json.Nodes;
using OrgSync.Core.Events;
using OrgSync.Local.Storage;
using OrgSync.Local.Tests.Support;

namespace OrgSync.Local.Tests.Cli;

/// <summary><c>orgsync reconcile</c> against the embedded emulator (SPEC §4, §6): the drift, what <c>--apply</c> writes, exit codes, the summary.</summary>
public sealed class ReconcileCommandTests : IDisposable
{
    // ACTIVE members at the root, in Prod, in Team (nested in Prod) and in Dev; one excluded; one of each other state.
    private const string Root1 = "300000000001", Prod1 = "300000000002", Team1 = "300000000003", Dev1 = "300000000004", Excluded = "300000000005";
    private const string Suspended = "300000000011", Closed = "300000000012", PendingClosure = "300000000013";
    private const string Removed = "300000000021", Partner = "300000000031";

    private static readonly OrgMember[] Members =
    [
        new(Root1), new(Prod1, Parent: ReconcileOrg.Prod), new(Team1, Parent: ReconcileOrg.Team), new(Dev1, Parent: ReconcileOrg.Dev), new(Excluded),
        new(Suspended, "SUSPENDED", ReconcileOrg.Prod), new(Closed, "CLOSED"), new(PendingClosure, "PENDING_CLOSURE", ReconcileOrg.Dev),
    ];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// org-aggregator holds a member, a suspended and a closed account, an excluded member, a partner (foreign) and an
    /// account gone from the organization; prod-aggregator a Prod member, a Dev member (outside its scope) and one pending
    /// closure; golden exactly its desired set.
    /// </summary>
    private string State() => _folder.File("state.json", ReconcileOrg.State(
        Members,
        orgAggregator: [Root1, Suspended, Closed, Excluded, Partner, Removed],
        prodAggregator: [Prod1, Dev1, PendingClosure],
        golden: [Org.Home, Root1, Prod1, Team1, Dev1]).ToJsonString());

    private string Targets(bool removeOnLeave = true, bool prune = false) => _folder.File(
        "targets.json",
        ReconcileOrg.TargetsJson(removeOnLeave, exclude: [Excluded], reconcile: new JsonObject { ["pruneForeignAccounts"] = prune }));

    /// <summary>A ledger that knows <see cref="Removed"/> joined org-aggregator before: it left the organization, so it is stale, not foreign.</summary>
    private async Task<string> LedgerKnowingRemoved()
    {
        var folder = _folder.Combine("ledger");
        using var ledger = FileMembershipLedger.Open(folder);
        await ledger.RecordAsync(ReconcileOrg.OrgKey, [new AccountChange(Removed, ChangeKind.Join, Org.T0.AddYears(-1), "join-removed")], CancellationToken.None);
        return folder;
    }

    [Fact]
    public async Task Without_apply_it_reports_the_drift_exactly_and_writes_nothing()
    {
        var state = State();
        var before = File.ReadAllBytes(state);
        var summary = _folder.Combine("summary.json");
        var output = _folder.Combine("out.json");

        var run = await OrgSyncCli.RunAsync("reconcile", "--targets", Targets(), "--state", state, "--ledger", await LedgerKnowingRemoved(), "--summary", summary, "--out", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(state));
        foreach (var key in new[] { ReconcileOrg.OrgKey, ReconcileOrg.ProdKey, ReconcileOrg.GoldenKey })
        {
            Assert.Equal(ReconcileOrg.Holds(File.ReadAllText(state), key), ReconcileOrg.Holds(File.ReadAllText(output), key));
        }

        var json = JsonNode.Parse(File.ReadAllText(summary))!;
        Assert.False(json["applied"]!.GetValue<bool>());
        Assert.Equal(0, ReconcileOrg.Writes(ApiCalls(json)));
        Assert.Equal(1, ApiCalls(json)["organizations.ListAccounts"]);

        var org = Target(json, ReconcileOrg.OrgKey);
        Assert.Equal([Org.Home, Prod1, Team1, Dev1], Ids(org, "missing"));
        Assert.Equal([Suspended, Closed, Removed], Ids(org, "stale"));
        Assert.Equal([Partner], Ids(org, "foreign"));
        var prod = Target(json, ReconcileOrg.ProdKey);
        Assert.Equal([Team1], Ids(prod, "missing"));
        Assert.Equal([Dev1, PendingClosure], Ids(prod, "stale"));
        Assert.Empty(Ids(prod, "foreign"));
        var golden = Target(json, ReconcileOrg.GoldenKey);
        Assert.Empty(Ids(golden, "missing").Concat(Ids(golden, "stale")).Concat(Ids(golden, "foreign")));
        Assert.All(json["targets"]!.AsArray(), target => Assert.False(target!["written"]!.GetValue<bool>()));

        Assert.Contains("drift only, nothing written", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("drift (not applied)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("in step", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_reaches_the_desired_set_and_a_second_pass_writes_nothing()
    {
        var targets = Targets();
        var ledger = await LedgerKnowingRemoved();
        var first = _folder.Combine("first.json");

        var run = await OrgSyncCli.RunAsync("reconcile", "--targets", targets, "--state", State(), "--ledger", ledger, "--apply", "--out", first, "--summary", _folder.Combine("s1.json"));

        Assert.Equal(0, run.ExitCode);
        var after = File.ReadAllText(first);
        // Members in scope minus excludeAccounts; the excluded member and the partner stay as they were; the suspended,
        // closed and removed-but-known accounts are gone (removeOnLeave).
        Assert.Equal([Org.Home, Root1, Prod1, Team1, Dev1, Excluded, Partner], ReconcileOrg.Holds(after, ReconcileOrg.OrgKey).Order(StringComparer.Ordinal));
        Assert.Equal([Prod1, Team1], ReconcileOrg.Holds(after, ReconcileOrg.ProdKey));
        Assert.Equal([Org.Home, Root1, Prod1, Team1, Dev1], ReconcileOrg.Holds(after, ReconcileOrg.GoldenKey));
        var json = JsonNode.Parse(File.ReadAllText(_folder.Combine("s1.json")))!;
        Assert.True(Target(json, ReconcileOrg.OrgKey)["written"]!.GetValue<bool>());
        Assert.True(Target(json, ReconcileOrg.ProdKey)["written"]!.GetValue<bool>());
        Assert.False(Target(json, ReconcileOrg.GoldenKey)["written"]!.GetValue<bool>());
        Assert.Equal(2, ApiCalls(json)["config.PutConfigurationAggregator"]);

        var again = await OrgSyncCli.RunAsync("reconcile", "--targets", targets, "--state", first, "--ledger", ledger, "--apply", "--summary", _folder.Combine("s2.json"));

        Assert.Equal(0, again.ExitCode);
        var second = JsonNode.Parse(File.ReadAllText(_folder.Combine("s2.json")))!;
        Assert.Equal(0, ReconcileOrg.Writes(ApiCalls(second)));
        Assert.All(second["targets"]!.AsArray(), target => Assert.False(target!["written"]!.GetValue<bool>()));
        Assert.Equal([Partner], Ids(Target(second, ReconcileOrg.OrgKey), "foreign"));
        Assert.Empty(Ids(Target(second, ReconcileOrg.OrgKey), "missing").Concat(Ids(Target(second, ReconcileOrg.OrgKey), "stale")));
    }

    [Theory]
    [InlineData(true, true, new[] { Org.Home, Root1, Prod1, Team1, Dev1, Excluded })]
    [InlineData(false, false, new[] { Org.Home, Root1, Prod1, Team1, Dev1, Suspended, Closed, Excluded, Partner, Removed })]
    [InlineData(false, true, new[] { Org.Home, Root1, Prod1, Team1, Dev1, Suspended, Closed, Excluded, Removed })]
    public async Task Foreign_accounts_go_only_when_pruning_and_stale_ones_only_with_removeOnLeave(bool removeOnLeave, bool prune, string[] expected)
    {
        var output = _folder.Combine("out.json");

        var run = await OrgSyncCli.RunAsync(
            "reconcile", "--targets", Targets(removeOnLeave, prune), "--state", State(), "--ledger", await LedgerKnowingRemoved(), "--apply", "--out", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected.Order(StringComparer.Ordinal), ReconcileOrg.Holds(File.ReadAllText(output), ReconcileOrg.OrgKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_summary_has_the_spec_keys_for_every_target()
    {
        var summary = _folder.Combine("summary.json");

        var run = await OrgSyncCli.RunAsync("reconcile", "--targets", Targets(), "--state", State(), "--summary", summary);

        Assert.Equal(0, run.ExitCode);
        var json = JsonNode.Parse(File.ReadAllText(summary))!.AsObject();
        Assert.Contains("targets", json.Select(p => p.Key));
        Assert.Contains("apiCalls", json.Select(p => p.Key));
        Assert.Equal([ReconcileOrg.OrgKey, ReconcileOrg.ProdKey, ReconcileOrg.GoldenKey], json["targets"]!.AsArray().Select(t => t!["target"]!.GetValue<string>()));
        foreach (var target in json["targets"]!.AsArray())
        {
            var keys = target!.AsObject().Select(p => p.Key).ToList();
            Assert.Equal(["target", "missing", "stale", "foreign", "deferred"], keys.Take(5));
            Assert.Contains("blocked", keys);
            Assert.Contains("written", keys);
            Assert.IsType<bool>(target["written"]!.GetValue<bool>());
            Assert.Equal(System.Text.Json.JsonValueKind.Array, target["blocked"]!.GetValueKind());
        }

        Assert.All(json["apiCalls"]!.AsObject(), call => Assert.Matches(@"^(config|imagebuilder|sts|organizations|iam)\.[A-Z]\w+$", call.Key));
    }

    [Theory]
    [InlineData("reconcile")]
    [InlineData("reconcile", "--targets", "{targets}", "--state", "{state}", "--endpoint", "http://127.0.0.1:1")]
    [InlineData("reconcile", "--targets", "{targets}", "--out", "{folder}/out.json")]
    [InlineData("reconcile", "--targets", "{targets}", "--endpoint", "ftp://example.com")]
    [InlineData("reconcile", "--targets", "{folder}/absent.json", "--state", "{state}")]
    [InlineData("reconcile", "--targets", "{targets}", "--state", "{folder}/absent.json")]
    public async Task Bad_usage_exits_2(params string[] args)
    {
        var targets = Targets();
        var state = State();

        var run = await OrgSyncCli.RunAsync([.. args.Select(a => a.Replace("{targets}", targets).Replace("{state}", state).Replace("{folder}", _folder.Path))]);

        Assert.Equal(2, run.ExitCode);
        Assert.NotEmpty(run.Stderr);
    }

    [Fact]
    public async Task An_invalid_targets_file_exits_2_naming_the_json_path()
    {
        var targets = _folder.File("bad.json", """{"homeAccountId": "111", "aggregators": []}""");

        var run = await OrgSyncCli.RunAsync("reconcile", "--targets", targets, "--state", State());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("homeAccountId", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_that_cannot_be_read_fails_the_pass_with_exit_3_and_the_others_are_still_reconciled()
    {
        var state = ReconcileOrg.State(Members, [Root1], [Prod1], [Org.Home]);
        state["distributionConfigurations"] = new JsonArray();
        var output = _folder.Combine("out.json");
        var summary = _folder.Combine("summary.json");

        var run = await OrgSyncCli.RunAsync(
            "reconcile", "--targets", Targets(), "--state", _folder.File("state.json", state.ToJsonString()), "--apply", "--out", output, "--summary", summary);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("the pass failed", run.Stderr, StringComparison.Ordinal);
        var golden = Target(JsonNode.Parse(File.ReadAllText(summary))!, ReconcileOrg.GoldenKey);
        Assert.StartsWith("could not be read", golden["failure"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([Prod1, Team1], ReconcileOrg.Holds(File.ReadAllText(output), ReconcileOrg.ProdKey));
    }

    [Fact]
    public async Task An_organization_that_cannot_be_listed_fails_the_pass_with_exit_3_and_writes_nothing()
    {
        var state = ReconcileOrg.State(Members, [Root1], [Prod1], [Org.Home]);
        state.Remove("organization");
        var summary = _folder.Combine("summary.json");

        var run = await OrgSyncCli.RunAsync("reconcile", "--targets", Targets(), "--state", _folder.File("state.json", state.ToJsonString()), "--apply", "--summary", summary);

        Assert.Equal(3, run.ExitCode);
        var json = JsonNode.Parse(File.ReadAllText(summary))!;
        Assert.StartsWith("the organization could not be listed", json["failure"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(json["targets"]!.AsArray());
        Assert.Equal(0, ReconcileOrg.Writes(ApiCalls(json)));
    }

    /// <summary>
    /// <c>--apply</c> off the emulator warns that this machine's lease and ledger are used, not the deployment's. An
    /// unusable <c>--ledger</c> (a file) stops the command right after the warning, before any call.
    /// </summary>
    [Theory]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    public async Task Apply_without_a_state_warns_about_this_machines_lease_and_ledger(bool apply, bool withState, bool warned)
    {
        var notAFolder = _folder.File("ledger-file", "not a folder");
        string[] args =
        [
            "reconcile", "--targets", Targets(), "--ledger", notAFolder,
            .. withState ? ["--state", State()] : new[] { "--endpoint", "http://127.0.0.1:1" },
            .. apply ? ["--apply"] : Array.Empty<string>(),
        ];

        var run = await OrgSyncCli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(warned, run.Stderr.Contains("lease and ledger on this machine", StringComparison.Ordinal));
        Assert.Contains("--ledger", run.Stderr, StringComparison.Ordinal);
    }

    private static JsonNode Target(JsonNode summary, string key) =>
        summary["targets"]!.AsArray().Single(t => t!["target"]!.GetValue<string>() == key)!;

    private static string[] Ids(JsonNode target, string list) => [.. target[list]!.AsArray().Select(id => id!.GetValue<string>())];

    private static Dictionary<string, long> ApiCalls(JsonNode summary) =>
        summary["apiCalls"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>(), StringComparer.Ordinal);
}
