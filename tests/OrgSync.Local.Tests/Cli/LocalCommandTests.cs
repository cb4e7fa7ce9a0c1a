using System.Text.Json.Nodes;
using OrgSync.Local.Tests.Support;

namespace OrgSync.Local.Tests.Cli;

/// <summary>The <c>local</c> command line: options, files, exit codes.</summary>
public sealed class LocalCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("--batch-size", "0", "--batch-size must be 1 or more")]
    [InlineData("--concurrency", "-2", "--concurrency must be 1 or more")]
    [InlineData("--max-receive-count", "0", "--max-receive-count must be 1 or more")]
    [InlineData("--latency-ms", "-1", "--latency-ms must be 0 or more")]
    [InlineData("--batch-size", "ten", "ten")]
    [InlineData("--faults", "throttle=2", "throttle")]
    [InlineData("--faults", "slow=0.1", "unknown fault 'slow'")]
    [InlineData("--bogus", "1", "--bogus")]
    public async Task Bad_arguments_exit_2_with_a_clear_message(string option, string value, string message)
    {
        var run = await OrgSyncCli.RunAsync("local", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("orgsync local --help", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Targets_and_state_go_together_and_need_events()
    {
        var targets = _folder.File("targets.json", Org.TargetsJson);
        var state = _folder.File("state.json", Org.StateJson());

        var onlyTargets = await OrgSyncCli.RunAsync("local", "--targets", targets);
        var noEvents = await OrgSyncCli.RunAsync("local", "--targets", targets, "--state", state);

        Assert.Equal(2, onlyTargets.ExitCode);
        Assert.Contains("--targets needs --state", onlyTargets.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, noEvents.ExitCode);
        Assert.Contains("--events is required", noEvents.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_targets_file_exits_2_naming_the_file_and_the_JSON_path()
    {
        var targets = _folder.File("targets.json", """{ "aggregators": [ { "name": "org", "region": 42 } ], "colour": "blue" }""");
        var run = await OrgSyncCli.RunAsync("local", "--targets", targets, "--state", _folder.File("state.json", Org.StateJson()), "--events", _folder.File("e.json", Org.Join("444444444444", Org.T0)));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(targets, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("aggregators[0].region", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("colour", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_state_file_exits_2_naming_the_file_and_the_JSON_path()
    {
        var state = _folder.File("state.json", """{ "accountId": "12345" }""");
        var run = await OrgSyncCli.RunAsync("local", "--targets", _folder.File("targets.json", Org.TargetsJson), "--state", state, "--events", _folder.File("e.json", Org.Join("444444444444", Org.T0)));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(state, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("$.accountId", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.json", "no such file or folder")]
    [InlineData("empty-folder", "holds no *.json file")]
    public async Task Unreadable_events_exit_2(string events, string message)
    {
        Directory.CreateDirectory(_folder.Combine("empty-folder"));
        var run = await OrgSyncCli.RunAsync("local", "--events", _folder.Combine(events));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inputs_are_named_as_given_files_folders_and_array_elements_in_order()
    {
        var previous = Environment.CurrentDirectory;
        _folder.File("in/b.json", Org.Join("555555555555", Org.T0));
        _folder.File("in/a.json", $"[{Org.Join("444444444444", Org.T0)}, {{\"not\": \"an event\"}}]");
        _folder.File("in/ignored.txt", "not an input");
        _folder.File("single.json", "{ broken");
        _folder.File("targets.json", Org.TargetsJson);
        _folder.File("state.json", Org.StateJson());
        Environment.CurrentDirectory = _folder.Path;
        try
        {
            var run = await OrgSyncCli.RunAsync(
                "local", "--targets", "targets.json", "--state", "state.json", "--events", "single.json", "--events", "in", "--summary", "summary.json", "--max-receive-count", "1");

            Assert.Equal(0, run.ExitCode);
            var summary = JsonNode.Parse(File.ReadAllText("summary.json"))!;
            Assert.Equal(4, summary["messages"]!.GetValue<int>());
            Assert.Equal(["single.json", "in/a.json#1"], summary["deadLettered"]!.AsArray().Select(d => d!["input"]!.GetValue<string>()));
            Assert.Equal(2, summary["succeeded"]!.GetValue<int>());
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Fact]
    public async Task Without_ledger_a_rerun_applies_again_and_with_one_it_recognises_what_it_applied()
    {
        var targets = _folder.File("targets.json", Org.TargetsJson);
        var state = _folder.File("state.json", Org.StateJson("222222222222", "333333333333"));
        var events = _folder.File("events.json", $"[{Org.Join("444444444444", Org.T0)}, {Org.Leave("333333333333", Org.T0)}]");
        var ledger = _folder.Combine("ledger");
        string[] Run(string output, params string[] extra) =>
            ["local", "--targets", targets, "--state", state, "--events", events, "--out", _folder.Combine(output), "--summary", _folder.Combine(output + ".summary"), .. extra];

        Assert.Equal(0, (await OrgSyncCli.RunAsync(Run("first.json"))).ExitCode);
        Assert.Equal(0, (await OrgSyncCli.RunAsync(Run("second.json"))).ExitCode);
        Assert.Equal(0, (await OrgSyncCli.RunAsync(Run("third.json", "--ledger", ledger))).ExitCode);
        Assert.Equal(0, (await OrgSyncCli.RunAsync(Run("fourth.json", "--ledger", ledger))).ExitCode);

        string[] expected = ["222222222222", "444444444444"];
        Assert.Equal(expected, StateOf.AggregatorAccounts(File.ReadAllText(_folder.Combine("first.json"))));
        Assert.Equal(expected, StateOf.AggregatorAccounts(File.ReadAllText(_folder.Combine("second.json"))));
        Assert.Equal(expected, StateOf.AggregatorAccounts(File.ReadAllText(_folder.Combine("third.json"))));
        // Same --state, same events, but the durable ledger already has them: stale, nothing applied, no target read;
        // only the join's membership is checked again (it comes before the ledger, on every delivery).
        Assert.Equal(["222222222222", "333333333333"], StateOf.AggregatorAccounts(File.ReadAllText(_folder.Combine("fourth.json"))));
        var fourth = JsonNode.Parse(File.ReadAllText(_folder.Combine("fourth.json.summary")))!;
        Assert.Equal(["organizations.DescribeAccount"], fourth["apiCalls"]!.AsObject().Select(call => call.Key));
        Assert.Equal(2, fourth["succeeded"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(ledger, "ledger.jsonl")));
    }

    [Fact]
    public async Task A_ledger_folder_that_cannot_be_used_exits_2_naming_it_before_anything_runs()
    {
        var notAFolder = _folder.File("ledger-file", "not a folder");
        var inUse = _folder.Combine("in-use");
        var summary = _folder.Combine("summary.json");
        using var otherRun = Storage.FileMembershipLedger.Open(inUse);

        var file = await OrgSyncCli.RunAsync("local", "--ledger", notAFolder, "--summary", summary);
        var locked = await OrgSyncCli.RunAsync("local", "--ledger", inUse, "--summary", summary);

        Assert.Equal((2, 2), (file.ExitCode, locked.ExitCode));
        Assert.StartsWith($"orgsync local: --ledger {notAFolder}: ", file.Stderr, StringComparison.Ordinal);
        Assert.StartsWith($"orgsync local: --ledger {inUse}: ", locked.Stderr, StringComparison.Ordinal);
        Assert.Contains("in use by another process", locked.Stderr, StringComparison.Ordinal);
        Assert.Empty(file.Stdout + locked.Stdout);
        Assert.False(File.Exists(summary));
    }

    [Fact]
    public async Task The_summary_counts_add_up_and_the_out_file_is_a_loadable_state()
    {
        var summary = _folder.Combine("summary.json");
        var output = _folder.Combine("out.json");
        var run = await OrgSyncCli.RunAsync("local", "--summary", summary, "--out", output, "--batch-size", "3", "--concurrency", "2");

        Assert.Equal(0, run.ExitCode);
        var root = JsonNode.Parse(File.ReadAllText(summary))!;
        Assert.Equal(root["messages"]!.GetValue<int>(), root["succeeded"]!.GetValue<int>() + root["deadLettered"]!.AsArray().Count);
        Assert.All(root["apiCalls"]!.AsObject(), call => Assert.Matches(@"^(config|imagebuilder|sts|organizations|iam|events|states)\.[A-Z][A-Za-z]+$", call.Key));
        var state = Emulator.State.EmulatorState.Load(output);
        Assert.Equal("111111111111", state.AccountId);
    }
}
