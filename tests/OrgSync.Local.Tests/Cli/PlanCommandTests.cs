using System.Text.Json.Nodes;
using OrgSync.Local.Tests.Support;
using OrgSync.Tests.Shared;

namespace OrgSync.Local.Tests.Cli;

/// <summary><c>orgsync plan</c>: the requests that would be sent, and nothing written.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private static readonly string[] Joining = ["121212121212", "444444444444", "555555555555", "666666666666", "777777777777", "888888888888"];
    private static readonly string[] Leaving = ["232323232323", "333333333333", "343434343434", "676767676767"];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Plan_on_the_sample_prints_the_expected_requests_and_writes_nothing()
    {
        var state = _folder.File("state.json", File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "sample", "state.json")));
        var before = File.ReadAllBytes(state);

        var run = await OrgSyncCli.RunAsync(
            "plan", "--targets", Path.Combine(RepoPaths.Root, "infra", "sample", "targets.json"), "--events", Path.Combine(RepoPaths.Root, "events"), "--state", state);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(state));
        var entries = JsonNode.Parse(run.Stdout)!.AsArray();
        var planned = new JsonArray([.. entries.Where(e => e!["kind"]!.GetValue<string>() == "write").Select(e => e!.DeepClone())]);
        // The Control Tower channels (444…, 555…) are left alone; the SCP deny on 666…'s channel only shows when written.
        Assert.Equal(
            [
                "aggregator/us-east-1/org-aggregator",
                "aggregator/us-west-2/prod-aggregator",
                "distribution/arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden",
                "delivery-channel/121212121212/us-east-1",
                "delivery-channel/666666666666/us-east-1",
                "delivery-channel/777777777777/us-east-1",
                "delivery-channel/888888888888/us-east-1",
            ],
            planned.Select(p => p!["target"]!.GetValue<string>()));

        var aggregator = planned[0]!;
        Assert.Equal("config", aggregator["service"]!.GetValue<string>());
        Assert.Equal("PutConfigurationAggregator", aggregator["operation"]!.GetValue<string>());
        Assert.Equal("us-east-1", aggregator["region"]!.GetValue<string>());
        Assert.Equal("111111111111", aggregator["account"]!.GetValue<string>());
        Assert.Equal(
            ["121212121212", "222222222222", "444444444444", "555555555555", "666666666666", "777777777777", "787878787878", "888888888888", "898989898989"],
            aggregator["request"]!["AccountAggregationSources"]![0]!["AccountIds"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("org-aggregator", aggregator["request"]!["ConfigurationAggregatorName"]!.GetValue<string>());

        // The Prod-scoped aggregator follows the joins in Prod and both moves; 666…, 777…, 888… (Dev) never reach it.
        var prod = planned[1]!["request"]!["AccountAggregationSources"]![0]!;
        Assert.Equal(["121212121212", "222222222222", "444444444444", "555555555555", "898989898989"], prod["AccountIds"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(["us-east-1", "us-west-2"], prod["AwsRegions"]!.AsArray().Select(r => r!.GetValue<string>()));

        var golden = planned[2]!;
        Assert.Equal("UpdateDistributionConfiguration", golden["operation"]!.GetValue<string>());
        Assert.Matches("^[A-Za-z0-9-]{1,36}$", golden["request"]!["clientToken"]!.GetValue<string>());
        Assert.Equal("Golden AMI for every account of the organization", golden["request"]!["description"]!.GetValue<string>());
        Assert.Equal(3, golden["request"]!["distributions"]!.AsArray().Count);
        Assert.DoesNotContain("777777777777", golden["request"]!["distributions"]![0]!["amiDistributionConfiguration"]!["targetAccountIds"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Contains("777777777777", golden["request"]!["distributions"]![0]!["amiDistributionConfiguration"]!["launchPermission"]!["userIds"]!.AsArray().Select(a => a!.GetValue<string>()));

        var kept = planned[6]!;
        Assert.Equal("888888888888", kept["account"]!.GetValue<string>());
        Assert.Equal("landing-zone", kept["request"]!["DeliveryChannel"]!["name"]!.GetValue<string>());

        // SPEC §3.5: each join authorizes the aggregators first (in each source account and Region: org-aggregator's
        // authorizationRegions, prod-aggregator's AwsRegions), each leave or move out of scope withdraws them after the write.
        var kinds = entries.Select(e => $"{e!["kind"]} {e["target"]} {e["operation"]} {e["account"]} {e["region"]}").ToList();
        string[] regions = ["us-east-1", "us-west-2"];
        IEnumerable<string> Steps(string kind, string target, string operation, IEnumerable<string> accounts) =>
            accounts.SelectMany(a => regions.Select(r => $"{kind} {target} {operation} {a} {r}"));
        var orgWrite = kinds.IndexOf("write aggregator/us-east-1/org-aggregator PutConfigurationAggregator 111111111111 us-east-1");
        var prodWrite = kinds.IndexOf("write aggregator/us-west-2/prod-aggregator PutConfigurationAggregator 111111111111 us-west-2");
        Assert.Equal(
            [
                .. Steps("prerequisite", "aggregator/us-east-1/org-aggregator", "PutAggregationAuthorization", Joining),
                kinds[orgWrite],
                .. Steps("cleanup", "aggregator/us-east-1/org-aggregator", "DeleteAggregationAuthorization", Leaving),
                .. Steps("prerequisite", "aggregator/us-west-2/prod-aggregator", "PutAggregationAuthorization", ["121212121212", "444444444444", "555555555555", "898989898989"]),
                kinds[prodWrite],
                .. Steps("cleanup", "aggregator/us-west-2/prod-aggregator", "DeleteAggregationAuthorization", ["333333333333", "787878787878"]),
            ],
            kinds[..(prodWrite + 5)]);
        Assert.Equal("""{"AuthorizedAccountId":"111111111111","AuthorizedAwsRegion":"us-east-1"}""", entries[0]!["request"]!.ToJsonString());
        Assert.Equal("""{"AuthorizedAccountId":"111111111111","AuthorizedAwsRegion":"us-west-2"}""", entries[prodWrite - 1]!["request"]!.ToJsonString());
        Assert.Contains("first: GetRole EC2ImageBuilderDistributionCrossAccountRole in account 777777777777: RoleMissing, blocked from targetAccountIds", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("first: GetRole EC2ImageBuilderDistributionCrossAccountRole in account 888888888888: RolePresent", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Blocked accounts (kept out of one list; the messages that carry them would be retried, then dead-lettered): 1", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("authorizationRegions is not configured", run.Stderr, StringComparison.Ordinal);

        // The forged join's account is refused before any target is planned: no request for it, only its input's failure.
        Assert.DoesNotContain("246824682468", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Inputs that would fail (retried, then dead-lettered): 2\n", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(
            "events/04-organizations-accept-handshake.json: distribution/arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden: account 777777777777 blocked from targetAccountIds",
            run.Stderr, StringComparison.Ordinal);
        Assert.Contains(
            "events/15-custom-account-change-request-forged-join.json: account 246824682468 is not a member of the organization (AccountNotFoundException): its join is refused for every target\n",
            run.Stderr, StringComparison.Ordinal);

        Assert.Contains("Planned writes: 7", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("-676767676767", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Unchanged: 4", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("delivery-channel/444444444444/us-east-1: delivery channel 'aws-controltower-BaselineConfigDeliveryChannel' is managed by Control Tower; left alone", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Ignored inputs: 1", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("10-controltower-create-managed-account-failed.json", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("organization source", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_lists_invalid_inputs_and_requires_targets_and_events()
    {
        var targets = _folder.File("targets.json", Org.TargetsJson);
        var run = await OrgSyncCli.RunAsync("plan", "--targets", targets, "--events", _folder.File("bad.json", "{ nope"), "--state", _folder.File("state.json", Org.StateJson()));
        var missing = await OrgSyncCli.RunAsync("plan", "--targets", targets);
        var both = await OrgSyncCli.RunAsync("plan", "--targets", targets, "--events", "x", "--state", "s", "--endpoint", "http://127.0.0.1:1");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("[]", run.Stdout.Trim());
        Assert.Contains("Invalid inputs: 1", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--events", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("alternatives", both.Stderr, StringComparison.Ordinal);
    }
}
