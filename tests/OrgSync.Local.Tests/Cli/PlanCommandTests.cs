using System.Text.Json.Nodes;
using OrgSync.Local.Tests.Support;
using OrgSync.Tests.Shared;

namespace OrgSync.Local.Tests.Cli;

/// <summary><c>orgsync plan</c>: the requests that would be sent, and nothing written.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private static readonly string[] Joining = ["121212121212", "444444444444", "555555555555", "666666666666", "777777777777", "888888888888"];
    private static readonly string[] Leaving = ["232323232323", "333333333333", "343434343434"];

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
        Assert.Equal(
            [
                "aggregator/us-east-1/org-aggregator",
                "aggregator/us-west-2/security-aggregator",
                "distribution/arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden",
                "delivery-channel/121212121212/us-east-1",
                "delivery-channel/444444444444/us-east-1",
                "delivery-channel/555555555555/us-east-1",
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
            ["121212121212", "222222222222", "444444444444", "555555555555", "666666666666", "777777777777", "888888888888"],
            aggregator["request"]!["AccountAggregationSources"]![0]!["AccountIds"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("org-aggregator", aggregator["request"]!["ConfigurationAggregatorName"]!.GetValue<string>());

        var created = planned[1]!["request"]!;
        Assert.Equal(["us-east-1", "us-west-2"], created["AccountAggregationSources"]![0]!["AwsRegions"]!.AsArray().Select(r => r!.GetValue<string>()));

        var golden = planned[2]!;
        Assert.Equal("UpdateDistributionConfiguration", golden["operation"]!.GetValue<string>());
        Assert.Matches("^[A-Za-z0-9-]{1,36}$", golden["request"]!["clientToken"]!.GetValue<string>());
        Assert.Equal("Golden AMI for every account of the organization", golden["request"]!["description"]!.GetValue<string>());
        Assert.Equal(3, golden["request"]!["distributions"]!.AsArray().Count);

        var kept = planned[5]!;
        Assert.Equal("555555555555", kept["account"]!.GetValue<string>());
        Assert.Equal("landing-zone", kept["request"]!["DeliveryChannel"]!["name"]!.GetValue<string>());

        // SPEC §3.5: each join authorizes the aggregators first (in each source account and Region), each leave withdraws
        // org-aggregator's authorization after the write; the role check runs, and blocks every joining account's copies.
        var kinds = entries.Select(e => $"{e!["kind"]} {e["target"]} {e["operation"]} {e["account"]} {e["region"]}").ToList();
        var aggregatorWrite = kinds.IndexOf("write aggregator/us-east-1/org-aggregator PutConfigurationAggregator 111111111111 us-east-1");
        Assert.Equal(
            [.. Joining.Select(a => $"prerequisite aggregator/us-east-1/org-aggregator PutAggregationAuthorization {a} us-east-1")],
            kinds[..aggregatorWrite]);
        Assert.Equal(
            [.. Leaving.Select(a => $"cleanup aggregator/us-east-1/org-aggregator DeleteAggregationAuthorization {a} us-east-1")],
            kinds[(aggregatorWrite + 1)..(aggregatorWrite + 4)]);
        Assert.Equal(12, kinds.Count(k => k.StartsWith("prerequisite aggregator/us-west-2/security-aggregator PutAggregationAuthorization", StringComparison.Ordinal)));
        Assert.Equal("""{"AuthorizedAccountId":"111111111111","AuthorizedAwsRegion":"us-east-1"}""", entries[0]!["request"]!.ToJsonString());
        Assert.Contains("first: GetRole EC2ImageBuilderDistributionCrossAccountRole in account 444444444444: RoleMissing, blocked from targetAccountIds", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Blocked accounts (kept out of one list; the messages that carry them would be retried, then dead-lettered): 6", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("authorizationRegions is not configured", run.Stderr, StringComparison.Ordinal);

        Assert.Contains("Planned writes: 9", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("-232323232323", run.Stderr, StringComparison.Ordinal);
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
