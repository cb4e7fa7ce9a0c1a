using System.Text.Json;
using System.Text.Json.Nodes;
using OrgSync.Local.Sample;
using OrgSync.Local.Tests.Support;

namespace OrgSync.Local.Tests.Local;

/// <summary>
/// <c>orgsync local</c> with no options: the bundled sample organization and the <c>events/</c> samples,
/// which between them hold every event kind of SPEC §1.
/// </summary>
public sealed class SampleRunTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task With_no_options_it_runs_the_sample_and_prints_a_before_after_report()
    {
        var run = await OrgSyncCli.RunAsync("local");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("OrgSync local run", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("the bundled sample organization", run.Stdout, StringComparison.Ordinal);
        // The sample's golden configuration copies AMIs (targetAccountIds) and no joining account has the cross-account role
        // yet (SPEC §3.5): every join is blocked from that list and its message dead-lettered; everything else is applied.
        Assert.Contains("5 succeeded (1 of them ignored), 5 dead-lettered", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("org-aggregator (us-east-1)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("4 → 7", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("security-aggregator (us-west-2)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("– → 6", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("created", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("organization source: covers members, left alone", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("organization share: covers members, left alone", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("landing-zone", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("updated (name kept)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("events/10-controltower-create-managed-account-failed.json", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("events/05-custom-account-change-request-join.json (received 3×)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("NoAvailableConfigurationRecorderException", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("config.PutConfigurationAggregator", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Prerequisites in member accounts", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("PutAggregationAuthorization", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("DeleteAggregationAuthorization", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("authorized", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("role missing", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Accounts blocked from a list", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Stdout, StringComparison.Ordinal); // no colour when not a terminal
    }

    [Fact]
    public async Task The_sample_summary_and_final_state_show_every_event_kind_applied()
    {
        var summaryPath = _folder.Combine("summary.json");
        var outPath = _folder.Combine("out.json");

        var run = await OrgSyncCli.RunAsync("local", "--summary", summaryPath, "--out", outPath);

        Assert.Equal(0, run.ExitCode);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath));
        var root = summary.RootElement;
        Assert.Equal(10, root.GetProperty("messages").GetInt32());
        Assert.Equal(5, root.GetProperty("succeeded").GetInt32());
        var dead = root.GetProperty("deadLettered").EnumerateArray().ToDictionary(d => d.GetProperty("input").GetString()!, d => d.GetProperty("reason").GetString()!);
        Assert.Equal(
            ["events/01-controltower-create-managed-account.json", "events/02-controltower-update-managed-account.json", "events/03-organizations-create-account-result.json",
             "events/04-organizations-accept-handshake.json", "events/05-custom-account-change-request-join.json"],
            dead.Keys);
        Assert.All(dead.Values, reason => Assert.Contains("blocked from targetAccountIds: role EC2ImageBuilderDistributionCrossAccountRole does not exist", reason, StringComparison.Ordinal));
        Assert.Contains("NoAvailableConfigurationRecorderException", dead["events/05-custom-account-change-request-join.json"], StringComparison.Ordinal);
        Assert.Contains("121212121212", dead["events/05-custom-account-change-request-join.json"], StringComparison.Ordinal);
        var blocked = root.GetProperty("blocked").EnumerateArray().ToList();
        Assert.Equal(6, blocked.Count);
        Assert.All(blocked, b => Assert.Equal(("targetAccountIds", false), (b.GetProperty("list").GetString(), b.GetProperty("permanent").GetBoolean())));
        var prerequisites = root.GetProperty("prerequisites").EnumerateArray()
            .Select(p => $"{p.GetProperty("target").GetString()} {p.GetProperty("operation").GetString()} {p.GetProperty("account").GetString()} {p.GetProperty("outcome").GetString()}").ToList();
        Assert.Contains("aggregator/us-east-1/org-aggregator PutAggregationAuthorization 444444444444 Authorized", prerequisites);
        Assert.Contains("aggregator/us-east-1/org-aggregator DeleteAggregationAuthorization 232323232323 Deleted", prerequisites);
        Assert.Contains("aggregator/us-west-2/security-aggregator PutAggregationAuthorization 888888888888 Authorized", prerequisites);
        var ignored = Assert.Single(root.GetProperty("ignored").EnumerateArray());
        Assert.Equal("events/10-controltower-create-managed-account-failed.json", ignored.GetProperty("input").GetString());
        Assert.Contains("FAILED", ignored.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var calls = root.GetProperty("apiCalls");
        // One read and one write per target that changed; the redeliveries re-read golden (its blocked accounts are not
        // recorded), find nothing to write without them, and re-check the roles; the custom join's also retry its channel.
        Assert.Equal(2, calls.GetProperty("config.PutConfigurationAggregator").GetInt64());
        Assert.Equal(1, calls.GetProperty("imagebuilder.UpdateDistributionConfiguration").GetInt64());
        Assert.Equal(3, calls.GetProperty("config.DescribeConfigurationAggregators").GetInt64());
        Assert.Equal(2 + 2, calls.GetProperty("imagebuilder.GetDistributionConfiguration").GetInt64());
        Assert.Equal(5 + 3, calls.GetProperty("config.PutDeliveryChannel").GetInt64());
        // Six joins authorize org-aggregator (its own Region: no authorizationRegions) and security-aggregator (its two source
        // Regions) once; three leaves withdraw org-aggregator's; six role checks on each of three deliveries.
        Assert.Equal(6 + (6 * 2), calls.GetProperty("config.PutAggregationAuthorization").GetInt64());
        Assert.Equal(3, calls.GetProperty("config.DeleteAggregationAuthorization").GetInt64());
        Assert.Equal(6 * 3, calls.GetProperty("iam.GetRole").GetInt64());

        var state = await File.ReadAllTextAsync(outPath);
        string[] joined = ["121212121212", "444444444444", "555555555555", "666666666666", "777777777777", "888888888888"];
        // 01 CreateManagedAccount 444, 02 UpdateManagedAccount 555, 03 CreateAccountResult 666, 04 AcceptHandshake 777,
        // 05 custom join 888 + 121212; 06 RemoveAccountFromOrganization 333, 07 CloseAccount + 08 CloseAccountResult 232323, 09 custom leave 343434.
        Assert.Equal(["121212121212", "222222222222", .. joined[1..]], StateOf.AggregatorAccounts(state));
        Assert.Equal(joined, StateOf.AggregatorAccounts(state, "security-aggregator"));
        Assert.Equal(["121212121212", "222222222222", .. joined[1..]], StateOf.LaunchPermission(state));
        var golden = JsonNode.Parse(state)!["distributionConfigurations"]!.AsArray().First(d => d!["name"]!.GetValue<string>() == "golden")!;
        Assert.All(golden["distributions"]!.AsArray(), d => Assert.DoesNotContain(
            (d!["amiDistributionConfiguration"]?["targetAccountIds"]?.AsArray() ?? []).Select(id => id!.GetValue<string>()), id => joined.Contains(id)));

        var node = JsonNode.Parse(state)!;
        var orgWide = node["configurationAggregators"]!.AsArray().First(a => a!["ConfigurationAggregatorName"]!.GetValue<string>() == "org-wide")!;
        Assert.NotNull(orgWide["OrganizationAggregationSource"]);
        Assert.Null(orgWide["AccountAggregationSources"]);
        var orgShared = node["distributionConfigurations"]!.AsArray().First(d => d!["name"]!.GetValue<string>() == "org-shared")!;
        Assert.Null(orgShared["distributions"]![0]!["amiDistributionConfiguration"]!["launchPermission"]!["userIds"]);

        var channels = node["deliveryChannels"]!.AsArray().ToDictionary(c => c!["accountId"]!.GetValue<string>());
        Assert.Equal(["444444444444", "555555555555", "666666666666", "777777777777", "888888888888"], channels.Keys.Order());
        Assert.Equal("landing-zone", channels["555555555555"]!["name"]!.GetValue<string>());
        Assert.Equal("org-config-logs", channels["555555555555"]!["s3BucketName"]!.GetValue<string>());
        Assert.Equal("default", channels["444444444444"]!["name"]!.GetValue<string>());
        Assert.Equal("Six_Hours", channels["444444444444"]!["configSnapshotDeliveryProperties"]!["deliveryFrequency"]!.GetValue<string>());
    }

    [Fact]
    public void The_sample_is_bundled_so_it_runs_from_any_folder()
    {
        Assert.Equal(10, BundledSample.Events.Length);
        Assert.All(BundledSample.Events, e => Assert.StartsWith("events/", e.Name, StringComparison.Ordinal));
        Assert.Equal(BundledSample.Events.Select(e => e.Name).Order(StringComparer.Ordinal), BundledSample.Events.Select(e => e.Name));
        Assert.Contains("org-aggregator", BundledSample.TargetsJson, StringComparison.Ordinal);
        Assert.Contains("landing-zone", BundledSample.StateJson, StringComparison.Ordinal);
    }
}
