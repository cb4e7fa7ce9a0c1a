using OrgSync.Tests.Shared;

namespace OrgSync.Functions.Tests.Template;

/// <summary><c>orgsync deploy-parameters --targets FILE [--write samconfig.toml]</c>: its output, its refusals, and what --write touches.</summary>
public sealed class DeployParametersCommandTests : IDisposable
{
    private const string Sample = """
        AggregatorRegions="us-east-1,us-west-2,eu-west-1" DistributionConfigurationArns="arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden,arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/org-shared" MemberRoleName="OrgSyncMemberRole" CustomSources="acme.vending" ManagementAccountId="111111111111" NotificationBusName="account-vending" ReconcileSchedule="rate(6 hours)"
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("orgsync-deploy-parameters-").FullName;

    private static string SampleTargets => Path.Combine(RepoPaths.Root, "infra", "sample", "targets.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_sample_derives_one_line_of_overrides_in_the_templates_order()
    {
        var run = await DeployParametersCli.RunAsync("deploy-parameters", "--targets", SampleTargets);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Sample + Environment.NewLine, run.Stdout);
        var template = await TemplateValidation.SamTemplateAsync();
        foreach (var (key, _) in DeployParametersTests.SamCliParameterOverrides(run.Stdout))
        {
            Assert.True(template["Parameters"]!.AsObject().ContainsKey(key), $"{key} is not a parameter of template.yaml");
        }
    }

    [Theory]
    [InlineData("""{"aggregators": [{"name": "org"}]}""", "aggregators[0].region: required")]
    [InlineData("""{"customSources": ["acme,vending"]}""", "customSources[0]:")]
    [InlineData("""
        {"deliveryChannels": [
          {"memberRoleName": "OrgSyncMemberRole", "regions": ["us-east-1"], "channel": {"s3BucketName": "logs"}},
          {"memberRoleName": "OtherRole", "regions": ["eu-west-1"], "channel": {"s3BucketName": "logs"}}]}
        """, "deliveryChannels[1].memberRoleName: \"OtherRole\" differs from deliveryChannels[0].memberRoleName")]
    public async Task A_file_the_template_cannot_deploy_exits_2_naming_the_JSON_path(string targets, string expected)
    {
        var file = Write("targets.json", targets);
        var samconfig = Write("samconfig.toml", "version = 0.1\n");

        var run = await DeployParametersCli.RunAsync("deploy-parameters", "--targets", file, "--write", samconfig);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
        Assert.Equal("version = 0.1\n", File.ReadAllText(samconfig));
    }

    [Fact]
    public async Task A_missing_targets_file_exits_2()
    {
        var run = await DeployParametersCli.RunAsync("deploy-parameters", "--targets", Path.Combine(_folder, "nope.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_adds_the_overrides_to_the_repositorys_samconfig_and_changes_no_other_line()
    {
        var original = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "samconfig.toml"));
        var samconfig = Write("samconfig.toml", original);

        var run = await DeployParametersCli.RunAsync("deploy-parameters", "--targets", SampleTargets, "--write", samconfig);

        Assert.Equal(0, run.ExitCode);
        var before = original.Split('\n').ToList();
        var after = File.ReadAllText(samconfig).Split('\n').ToList();
        var added = after.Single(line => line.StartsWith("parameter_overrides = ", StringComparison.Ordinal) && !before.Contains(line));
        after.Remove(added);
        Assert.Equal(before, after);
        Assert.Equal(Sample, TomlString(added));
        var table = File.ReadAllText(samconfig);
        Assert.True(table.IndexOf("[default.deploy.parameters]", StringComparison.Ordinal) < table.IndexOf(added, StringComparison.Ordinal)
            && table.IndexOf(added, StringComparison.Ordinal) < table.IndexOf("[default.local_invoke.parameters]", StringComparison.Ordinal),
            "parameter_overrides belongs to [default.deploy.parameters]");

        var again = await DeployParametersCli.RunAsync("deploy-parameters", "--targets", SampleTargets, "--write", samconfig);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(table, File.ReadAllText(samconfig));
    }

    [Fact]
    public async Task Write_replaces_derived_parameters_in_place_and_keeps_the_operators_own()
    {
        var samconfig = Write("samconfig.toml", string.Join("\r\n",
            "version = 0.1",
            "[default.deploy.parameters]",
            "  # set by hand",
            """  parameter_overrides = "OrganizationId=\"o-a1b2c3d4e5\" AggregatorRegions=\"ap-southeast-2\" AlarmTopicArn=arn:aws:sns:eu-west-1:123456789012:ops"  # keep me""",
            "confirm_changeset = true",
            "[default.local_invoke.parameters]",
            "parameter_overrides = \"LogLevel=DEBUG\"",
            ""));

        var run = await DeployParametersCli.RunAsync("deploy-parameters", "--targets", SampleTargets, "--write", samconfig);

        Assert.Equal(0, run.ExitCode);
        var lines = File.ReadAllText(samconfig).Split("\r\n");
        Assert.Equal(8, lines.Length);
        Assert.Equal(["version = 0.1", "[default.deploy.parameters]", "  # set by hand"], lines[..3]);
        Assert.Equal(["confirm_changeset = true", "[default.local_invoke.parameters]", "parameter_overrides = \"LogLevel=DEBUG\"", ""], lines[4..]);
        Assert.StartsWith("  parameter_overrides = \"", lines[3], StringComparison.Ordinal);
        Assert.EndsWith("  # keep me", lines[3], StringComparison.Ordinal);

        var value = TomlString(lines[3].Trim());
        Assert.StartsWith("""OrganizationId="o-a1b2c3d4e5" AggregatorRegions="us-east-1,us-west-2,eu-west-1" AlarmTopicArn=arn:aws:sns:eu-west-1:123456789012:ops DistributionConfigurationArns=""", value, StringComparison.Ordinal);
        var parameters = DeployParametersTests.SamCliParameterOverrides(value);
        Assert.Equal("o-a1b2c3d4e5", parameters["OrganizationId"]);
        Assert.Equal("arn:aws:sns:eu-west-1:123456789012:ops", parameters["AlarmTopicArn"]);
        Assert.Equal("rate(6 hours)", parameters["ReconcileSchedule"]);
        Assert.Equal(9, parameters.Count);
    }

    [Fact]
    public async Task Write_creates_the_table_or_the_file_when_there_is_none()
    {
        var noTable = Write("samconfig.toml", "version = 0.1\n\n[default.global.parameters]\nstack_name = \"orgsync\"");
        var missing = Path.Combine(_folder, "fresh.toml");

        Assert.Equal(0, (await DeployParametersCli.RunAsync("deploy-parameters", "--targets", SampleTargets, "--write", noTable)).ExitCode);
        Assert.Equal(0, (await DeployParametersCli.RunAsync("deploy-parameters", "--targets", SampleTargets, "--write", missing)).ExitCode);

        var line = "parameter_overrides = " + TomlBasicString(Sample);
        Assert.Equal($"version = 0.1\n\n[default.global.parameters]\nstack_name = \"orgsync\"\n\n[default.deploy.parameters]\n{line}\n", File.ReadAllText(noTable));
        Assert.Equal($"version = 0.1\n\n[default.deploy.parameters]\n{line}\n", File.ReadAllText(missing));
    }

    [Theory]
    [InlineData("parameter_overrides = [\"A=1\"]")]
    [InlineData("parameter_overrides = \"\"\"A=1\"\"\"")]
    [InlineData("parameter_overrides = \"A=1")]
    public async Task Write_refuses_a_value_it_cannot_rewrite_faithfully_and_leaves_the_file_alone(string line)
    {
        var text = $"version = 0.1\n[default.deploy.parameters]\n{line}\n";
        var samconfig = Write("samconfig.toml", text);

        var run = await DeployParametersCli.RunAsync("deploy-parameters", "--targets", SampleTargets, "--write", samconfig);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("parameter_overrides", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(samconfig));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The value of a <c>key = "..."</c> line (TOML basic string, with the escapes samconfig values use).</summary>
    private static string TomlString(string line)
    {
        var start = line.IndexOf('"', StringComparison.Ordinal) + 1;
        var value = new System.Text.StringBuilder();
        for (var i = start; line[i] != '"'; i++)
        {
            value.Append(line[i] == '\\' ? line[++i] : line[i]);
        }

        return value.ToString();
    }

    private static string TomlBasicString(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
