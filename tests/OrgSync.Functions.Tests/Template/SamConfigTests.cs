using System.Text.RegularExpressions;
using OrgSync.Tests.Shared;

namespace OrgSync.Functions.Tests.Template;

/// <summary>samconfig.toml: the defaults `sam build` / `sam deploy --guided` start from.</summary>
public sealed partial class SamConfigTests
{
    [Theory]
    [InlineData("default.global.parameters", "stack_name", "\"orgsync\"")]
    [InlineData("default.deploy.parameters", "capabilities", "\"CAPABILITY_IAM\"")]
    [InlineData("default.deploy.parameters", "resolve_s3", "true")]
    [InlineData("default.deploy.parameters", "confirm_changeset", "true")]
    [InlineData("default.build.parameters", "parallel", "true")]
    [InlineData("default.build.parameters", "cached", "true")]
    public void The_SAM_config_sets(string table, string key, string value)
    {
        var tables = Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "samconfig.toml")));

        Assert.True(tables.TryGetValue(table, out var entries), $"samconfig.toml has no [{table}] table");
        Assert.True(entries.TryGetValue(key, out var actual) && actual == value, $"samconfig.toml [{table}] {key} must be {value}, is {actual ?? "(missing)"}");
    }

    [Fact]
    public void The_SAM_config_holds_nothing_account_specific()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "samconfig.toml"));

        Assert.DoesNotMatch(@"\b\d{12}\b", text);
        Assert.DoesNotContain("region =", text, StringComparison.Ordinal);
    }

    // Enough TOML for samconfig: [table] headers and key = value lines.
    private static Dictionary<string, Dictionary<string, string>> Parse(string text)
    {
        var tables = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var current = tables[""] = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var header = TableHeader().Match(line);
            if (header.Success)
            {
                current = tables[header.Groups[1].Value] = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }

            var pair = KeyValue().Match(line);
            if (pair.Success)
            {
                current[pair.Groups[1].Value] = pair.Groups[2].Value.Trim();
            }
        }

        return tables;
    }

    [GeneratedRegex(@"^\[([\w.]+)\]$")]
    private static partial Regex TableHeader();

    [GeneratedRegex(@"^(\w+)\s*=\s*(.+)$")]
    private static partial Regex KeyValue();
}
