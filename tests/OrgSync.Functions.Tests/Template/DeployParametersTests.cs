using System.Text.RegularExpressions;
using OrgSync.Core.Targets;
using OrgSync.Tests.Shared;

namespace OrgSync.Functions.Tests.Template;

/// <summary>
/// One source of truth (issue 10): the parameters <c>orgsync deploy-parameters</c> derives from a
/// targets file, deployed with template.yaml, grant exactly what that file's targets need - every
/// target writable, nothing beyond them.
/// </summary>
public sealed partial class DeployParametersTests
{
    /// <summary>The calls whose permission is scoped to the targets of the file.</summary>
    private static readonly string[] TargetScoped =
    [
        "config:DescribeConfigurationAggregators", "config:PutConfigurationAggregator", "config:DescribeConfigurationAggregatorSourcesStatus",
        "imagebuilder:GetDistributionConfiguration", "imagebuilder:UpdateDistributionConfiguration", "sts:AssumeRole", "events:PutEvents",
        "events:DescribeEventBus",
    ];

    public static TheoryData<string> TargetsFiles => new()
    {
        Path.Combine("infra", "sample", "targets.json"),
        "targets.json",
    };

    [Theory]
    [MemberData(nameof(TargetsFiles))]
    public async Task The_derived_parameters_grant_exactly_what_the_targets_need(string relativePath)
    {
        var path = Path.Combine(RepoPaths.Root, relativePath);
        var scenario = await DeployAsync(path);
        var targets = TargetsFileLoader.Parse(await File.ReadAllTextAsync(path));

        var needed = Needs(targets).Order(StringComparer.Ordinal).ToList();
        var granted = Grants(scenario).Order(StringComparer.Ordinal).ToList();

        Assert.True(granted.SequenceEqual(needed),
            $"{relativePath}: missing {string.Join(", ", needed.Except(granted))}; granted beyond the file {string.Join(", ", granted.Except(needed))}");
    }

    [Fact]
    public async Task The_derived_parameters_route_the_files_events_and_schedule_the_reconcile()
    {
        var path = Path.Combine(RepoPaths.Root, "infra", "sample", "targets.json");
        var scenario = await DeployAsync(path);
        var targets = TargetsFileLoader.Parse(await File.ReadAllTextAsync(path));

        var rules = scenario.ResourcesOfType("AWS::Events::Rule").ToList();
        var custom = rules.Single(r => r.Resource["Properties"]!["EventPattern"]!["detail-type"].Texts().Contains("Account Change Request"));
        Assert.True(custom.Resource["Properties"]!["EventPattern"]!["source"].Texts().SequenceEqual(targets.CustomSources), "the custom rule must match the file's customSources");
        foreach (var (id, rule) in rules.Where(r => r.Id != custom.Id))
        {
            Assert.True(rule["Properties"]!["EventPattern"]!["account"].Texts().SequenceEqual([targets.TrustedManagementAccountId!]),
                $"{id} must accept the events of trustedManagementAccountId only");
        }

        Assert.Equal("rate(6 hours)", scenario.Resource("ScheduledReconcile")["Properties"]!["ScheduleExpression"].Text());
    }

    /// <summary>What a targets file needs: each aggregator's Region, each distribution's ARN, each member role, the notification bus, and nothing else.</summary>
    private static IEnumerable<string> Needs(TargetsFile targets)
    {
        foreach (var region in targets.Aggregators.Select(a => a.Region).Distinct())
        {
            yield return $"config:DescribeConfigurationAggregators in {region}";
            yield return $"config:PutConfigurationAggregator in {region}";
            yield return $"config:DescribeConfigurationAggregatorSourcesStatus in {region}";
        }

        foreach (var distribution in targets.Distributions)
        {
            yield return $"imagebuilder:GetDistributionConfiguration on {distribution.Arn}";
            yield return $"imagebuilder:UpdateDistributionConfiguration on {distribution.Arn}";
        }

        foreach (var role in targets.DeliveryChannels.Select(c => c.MemberRoleName).Distinct())
        {
            yield return $"sts:AssumeRole on arn:aws:iam::*:role/{role}";
        }

        if (targets.Notifications is { } notifications)
        {
            // The completion events' bus (SPEC §7), by name in the stack's account and Region.
            var bus = $"arn:aws:events:{CfnScenario.Region}:{CfnScenario.AccountId}:event-bus/{notifications.EventBusName.Split('/')[^1]}";
            yield return $"events:PutEvents on {bus}";
            yield return $"events:DescribeEventBus on {bus}"; // checked first: EventBridge drops events put to a missing bus
        }
    }

    /// <summary>The target-scoped grants of every role: per Region where aws:RequestedRegion scopes them, else per resource.</summary>
    private static IEnumerable<string> Grants(CfnScenario scenario)
    {
        foreach (var statement in IamPolicies.IdentityStatements(scenario.Resources).Where(s => s.Effect == "Allow"))
        {
            var regions = statement.Statement["Condition"]?["StringEquals"]?["aws:RequestedRegion"].Texts() ?? [];
            foreach (var action in statement.Actions.Where(TargetScoped.Contains))
            {
                if (regions.Count > 0)
                {
                    Assert.True(statement.Resources.All(r => r is "*" || r == $"arn:aws:config:*:{CfnScenario.AccountId}:config-aggregator/*"),
                        $"{action} by Region must be on this account's aggregators only: {statement}");
                    foreach (var region in regions)
                    {
                        yield return $"{action} in {region}";
                    }
                }
                else
                {
                    foreach (var resource in statement.Resources)
                    {
                        yield return $"{action} on {resource}";
                    }
                }
            }
        }
    }

    /// <summary>template.yaml deployed as `sam deploy --parameter-overrides "$(orgsync deploy-parameters --targets FILE)"` would.</summary>
    private static async Task<CfnScenario> DeployAsync(string targetsFile)
    {
        var run = await DeployParametersCli.RunAsync("deploy-parameters", "--targets", targetsFile);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return await Scenarios.SamWithAsync(SamCliParameterOverrides(run.Stdout));
    }

    /// <summary>
    /// `--parameter-overrides` as the SAM CLI reads it (samcli/cli/types.py, CfnParameterOverridesType,
    /// its space-separated Key=Value form): written out independently of OrgSync's own reader.
    /// </summary>
    internal static Dictionary<string, string> SamCliParameterOverrides(string value)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in SamCliPair().Matches(" " + value.Trim()))
        {
            parameters[Unquote(match.Groups[1].Value)] = Unquote(match.Groups[2].Value);
        }

        return parameters;

        static string Unquote(string text)
        {
            if (text.Length >= 2 && ((text[0] == '"' && text[^1] == '"') || (text[0] == '\'' && text[^1] == '\'')))
            {
                text = text[1..^1];
            }

            return text.Replace("\\ ", " ", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\'", "'", StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("""(?: )([A-Za-z0-9"']+)=("(?:\\.|[^"\\]+)*"|'(?:\\.|[^'\\]+)*'|(?:\\.|[^ "\\]+)+)""")]
    private static partial Regex SamCliPair();
}
