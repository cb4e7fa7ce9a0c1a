using System.Text.Json;
using OrgSync.Local.Tests.Support;
using OrgSync.Tests.Shared;

namespace OrgSync.Local.Tests.Cli;

/// <summary>
/// <c>orgsync reconcile</c> on the bundled sample (SPEC §6): a drift report without <c>--apply</c>, then an applied pass,
/// then a second one that writes nothing. The SCP-denied channel of 666666666666 is tried by every pass and stays a
/// failed check, without failing the pass.
/// </summary>
public sealed class SampleReconcileTests : IDisposable
{
    private static readonly string Targets = Path.Combine(RepoPaths.Root, "infra", "sample", "targets.json");

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_sample_shows_its_drift_an_applied_pass_converges_and_a_second_pass_writes_nothing()
    {
        var state = _folder.File("state.json", File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "sample", "state.json")));
        var before = File.ReadAllText(state);

        var report = await OrgSyncCli.RunAsync("reconcile", "--targets", Targets, "--state", state, "--summary", _folder.Combine("report.json"));
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Contains("drift only, nothing written", report.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(state));
        using (var drift = JsonDocument.Parse(File.ReadAllText(_folder.Combine("report.json"))))
        {
            var org = Target(drift, "aggregator/us-east-1/org-aggregator");
            Assert.Equal(["232323232323", "343434343434"], Ids(org, "stale")); // suspended, pending closure
            Assert.Contains("444444444444", Ids(org, "missing"));
            Assert.Equal(["333333333333", "676767676767"], Ids(org, "foreign")); // gone, and no ledger knows them here
            var prod = Target(drift, "aggregator/us-west-2/prod-aggregator");
            Assert.Equal(["787878787878"], Ids(prod, "stale")); // in the Dev OU: outside prod-aggregator's scope
            Assert.Contains("898989898989", Ids(prod, "missing"));
            Assert.Equal(0, Writes(drift));
        }

        var first = _folder.Combine("first.json");
        var applied = await OrgSyncCli.RunAsync("reconcile", "--targets", Targets, "--state", state, "--apply", "--out", first, "--summary", _folder.Combine("first-summary.json"));
        Assert.True(applied.ExitCode == 0, applied.Stderr + applied.Stdout);
        using (var pass = JsonDocument.Parse(File.ReadAllText(_folder.Combine("first-summary.json"))))
        {
            Assert.True(Writes(pass) > 0);
            var failed = Assert.Single(pass.RootElement.GetProperty("failedChannelChecks").EnumerateArray());
            Assert.Equal("666666666666", failed.GetProperty("account").GetString());
            Assert.Contains("explicit deny in a service control policy", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(["898989898989"], StateOf.AggregatorAccounts(File.ReadAllText(first), "prod-aggregator").Intersect(["898989898989", "787878787878"]));

        var again = await OrgSyncCli.RunAsync("reconcile", "--targets", Targets, "--state", first, "--apply", "--summary", _folder.Combine("second-summary.json"));
        Assert.True(again.ExitCode == 0, again.Stderr + again.Stdout);
        using var second = JsonDocument.Parse(File.ReadAllText(_folder.Combine("second-summary.json")));
        Assert.All(second.RootElement.GetProperty("targets").EnumerateArray(), t => Assert.False(t.GetProperty("written").GetBoolean(), t.GetProperty("target").GetString()));

        // Nothing is written: the one write call is the SCP-denied channel, refused again.
        var calls = second.RootElement.GetProperty("apiCalls");
        Assert.Equal(
            ["config.PutDeliveryChannel"],
            calls.EnumerateObject().Where(c => IsWrite(c.Name)).Select(c => c.Name));
        Assert.Equal(1, calls.GetProperty("config.PutDeliveryChannel").GetInt64());
    }

    private static JsonElement Target(JsonDocument summary, string key) =>
        summary.RootElement.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("target").GetString() == key);

    private static string[] Ids(JsonElement target, string name) => [.. target.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    private static long Writes(JsonDocument summary) =>
        summary.RootElement.TryGetProperty("apiCalls", out var calls) ? calls.EnumerateObject().Where(c => IsWrite(c.Name)).Sum(c => c.Value.GetInt64()) : 0;

    private static bool IsWrite(string call) =>
        call.Contains(".Put", StringComparison.Ordinal) || call.Contains(".Update", StringComparison.Ordinal) || call.Contains(".Delete", StringComparison.Ordinal);
}
