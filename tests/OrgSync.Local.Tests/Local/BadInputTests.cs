using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OrgSync.Local.Inputs;
using OrgSync.Local.Running;
using OrgSync.Local.Tests.Support;

namespace OrgSync.Local.Tests.Local;

/// <summary>Bad input gets a clear reason and loses nothing: hostile bodies, and a list that would overflow.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Bodies that must each be dead-lettered with a reason, whatever else is in their batch.</summary>
    public static readonly ImmutableArray<(string Name, string Body, string Reason)> Hostile =
    [
        ("empty", string.Empty, "JSON"),
        ("whitespace", "   \n", "JSON"),
        ("not JSON", "hello", "JSON"),
        ("truncated", """{"source":"acme.vending",""", "JSON"),
        ("array", "[1,2,3]", "array"),
        ("number", "42", "number"),
        ("string", "\"join\"", "string"),
        ("null", "null", "null"),
        ("duplicate member", """{"source":"a","source":"b","detail-type":"x","time":"2026-11-01T09:00:00Z","detail":{}}""", "source"),
        ("duplicate nested member", Org.Join("444444444444", Org.T0).Replace("\"action\":\"join\"", "\"action\":\"join\",\"action\":\"leave\"", StringComparison.Ordinal), "action"),
        ("deep nesting", new string('[', 5000) + new string(']', 5000), "depth"),
        ("deep object", Org.Join("444444444444", Org.T0).Replace("\"resources\":[]", "\"resources\":" + new string('[', 100) + new string(']', 100), StringComparison.Ordinal), "depth"),
        ("no source", Without("source"), "source"),
        ("no detail-type", Without("detail-type"), "detail-type"),
        ("no time", Without("time"), "time"),
        ("no detail", Without("detail"), "detail"),
        ("time not ISO", With("time", "yesterday"), "time"),
        ("time a number", With("time", 1767225600), "time"),
        ("detail a string", With("detail", "join"), "detail"),
        ("source a number", With("source", 7), "source"),
        ("account id a number", Org.Join("444444444444", Org.T0).Replace("[\"444444444444\"]", "[444444444444]", StringComparison.Ordinal), "444444444444"),
        ("account id 11 digits", Org.Join("44444444444", Org.T0), "44444444444"),
        ("account id 13 digits", Org.Join("4444444444444", Org.T0), "4444444444444"),
        ("account id letters", Org.Join("44444444444a", Org.T0), "44444444444a"),
        ("account id with spaces", Org.Join(" 444444444444", Org.T0), "444444444444"),
        ("account id full-width digits", Org.Join("４４４４４４４４４４４４", Org.T0), "account"),
        ("accountIds missing", Org.Join("444444444444", Org.T0).Replace("\"accountIds\":[\"444444444444\"]", "\"other\":[]", StringComparison.Ordinal), "accountIds"),
        ("accountIds not an array", Org.Join("444444444444", Org.T0).Replace("[\"444444444444\"]", "\"444444444444\"", StringComparison.Ordinal), "accountIds"),
        ("unknown action", Org.Custom("adopt", Org.T0, "x", "444444444444"), "action"),
        ("untrusted management account", Org.CloseAccount("222222222222", Org.T0).Replace("\"account\":\"111111111111\"", "\"account\":\"666666666666\"", StringComparison.Ordinal), "666666666666"),
        ("oversized", Org.Join("444444444444", Org.T0).Replace("\"resources\":[]", "\"resources\":[\"" + new string('x', 300 * 1024) + "\"]", StringComparison.Ordinal), "bytes"),
        ("lone surrogate escape", Org.Join("444444444444", Org.T0).Replace("\"us-east-1\"", "\"\\ud800\"", StringComparison.Ordinal), "surrogate"),
    ];

    [Fact]
    public async Task Each_hostile_body_is_dead_lettered_with_its_reason_and_every_valid_one_is_applied()
    {
        Assert.True(Hostile.Length >= 30);
        var valid = Enumerable.Range(1, 12).Select(Org.Account).ToArray();
        var inputs = ImmutableArray.CreateBuilder<InputMessage>();
        for (var i = 0; i < Hostile.Length; i++)
        {
            inputs.Add(new InputMessage("hostile: " + Hostile[i].Name, Hostile[i].Body));
            if (i < valid.Length)
            {
                inputs.Add(new InputMessage("valid: " + valid[i], Org.Join(valid[i], Org.T0.AddSeconds(i))));
            }
        }

        var run = await LocalRunner.RunAsync(Org.Options(inputs.ToImmutable()));

        Assert.Equal(["222222222222", .. valid], StateOf.AggregatorAccounts(run.StateAfter));
        Assert.Equal(["222222222222", .. valid], StateOf.LaunchPermission(run.StateAfter));
        Assert.Equal(valid.Length, run.Summary.Succeeded);
        Assert.Equal(Hostile.Length, run.Summary.DeadLettered.Length);
        foreach (var (name, _, reason) in Hostile)
        {
            var dead = Assert.Single(run.Summary.DeadLettered, d => d.Input == "hostile: " + name);
            Assert.StartsWith("invalid message: ", dead.Reason, StringComparison.Ordinal);
            Assert.Contains(reason, dead.Reason, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain('\n', dead.Reason);
        }

        // Every hostile message was delivered exactly max-receive-count times, and no batch was failed whole.
        Assert.All(run.Messages.Where(m => m.Name.StartsWith("hostile", StringComparison.Ordinal)), m => Assert.Equal(3, m.ReceiveCount));
        Assert.All(run.Messages.Where(m => m.Name.StartsWith("valid", StringComparison.Ordinal)), m => Assert.Equal(1, m.ReceiveCount));
    }

    [Fact]
    public async Task Hostile_files_through_the_command_line_are_dead_lettered_by_name()
    {
        var events = _folder.Combine("events");
        for (var i = 0; i < Hostile.Length; i++)
        {
            _folder.File($"events/{i:D2}-hostile.json", Hostile[i].Body);
        }

        _folder.File("events/zz-valid.json", $"[{Org.Join("444444444444", Org.T0)},{Org.Join("555555555555", Org.T0)}]");
        var summary = _folder.Combine("summary.json");
        var run = await OrgSyncCli.RunAsync("local", "--targets", _folder.File("targets.json", Org.TargetsJson), "--state", _folder.File("state.json", Org.StateJson()), "--events", events, "--summary", summary);

        Assert.Equal(0, run.ExitCode);
        var root = JsonNode.Parse(await File.ReadAllTextAsync(summary))!;
        // A file that is a JSON array ("[1,2,3]") is one message per element, each invalid on its own.
        var expected = Enumerable.Range(0, Hostile.Length)
            .SelectMany(i => InputFiles.FromBytes($"{events}/{i:D2}-hostile.json", System.Text.Encoding.UTF8.GetBytes(Hostile[i].Body)))
            .Select(m => m.Name)
            .ToList();
        Assert.Contains($"{events}/04-hostile.json#2", expected);
        Assert.Equal(expected.Count + 2, root["messages"]!.GetValue<int>());
        Assert.Equal(2, root["succeeded"]!.GetValue<int>());
        var dead = root["deadLettered"]!.AsArray().Select(d => d!["input"]!.GetValue<string>()).ToList();
        Assert.Equal(expected, dead);
        Assert.DoesNotContain(dead, d => d.Contains("zz-valid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_list_that_would_exceed_1536_ids_dead_letters_with_configuration_region_and_count_while_other_targets_update()
    {
        var present = Enumerable.Range(1, 1530).Select(Org.Account).ToArray();
        var joining = Enumerable.Range(2001, 10).Select(Org.Account).ToArray();
        var inputs = Org.Inputs([.. joining.Select(account => Org.Join(account, Org.T0))]);

        var run = await LocalRunner.RunAsync(Org.Options(inputs, present));

        Assert.Equal(joining.Length, run.Summary.DeadLettered.Length);
        var reason = run.Summary.DeadLettered[0].Reason;
        Assert.Contains(Org.GoldenArn, reason, StringComparison.Ordinal);
        Assert.Contains("us-east-1", reason, StringComparison.Ordinal);
        Assert.Contains("1540", reason.Replace(",", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("1536", reason.Replace(",", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("organization", reason, StringComparison.OrdinalIgnoreCase);

        // The distribution is untouched; the aggregator (no such limit) took every join, once.
        Assert.Equal(present, StateOf.LaunchPermission(run.StateAfter));
        Assert.Equal([.. present, .. joining], StateOf.AggregatorAccounts(run.StateAfter));
        Assert.Equal(0, run.Summary.ApiCalls.GetValueOrDefault("imagebuilder.UpdateDistributionConfiguration"));
        Assert.Equal(1, run.Summary.ApiCalls["config.PutConfigurationAggregator"]);
    }

    private static string Without(string member)
    {
        var node = JsonNode.Parse(Org.Join("444444444444", Org.T0))!.AsObject();
        node.Remove(member);
        return node.ToJsonString();
    }

    private static string With(string member, JsonNode value)
    {
        var node = JsonNode.Parse(Org.Join("444444444444", Org.T0))!.AsObject();
        node[member] = value;
        return node.ToJsonString();
    }
}
