using System.Collections.Immutable;
using OrgSync.Core.Targets;
using OrgSync.Local.Inputs;

namespace OrgSync.Cli.DeployParameters;

/// <summary>
/// The template.yaml parameters that a targets file determines (its "Derived from targets.json"
/// group): the IAM scoping, the rules and the schedule follow from the file alone, so a target can
/// never be missing from them. Everything else (OrganizationId, AlarmTopicArn, ...) is the
/// operator's, and <c>--write</c> keeps it.
/// </summary>
internal static class DeployParameterSet
{
    public const string AggregatorRegions = "AggregatorRegions";
    public const string DistributionConfigurationArns = "DistributionConfigurationArns";
    public const string MemberRoleName = "MemberRoleName";
    public const string CustomSources = "CustomSources";
    public const string ManagementAccountId = "ManagementAccountId";
    public const string NotificationBusName = "NotificationBusName";
    public const string ReconcileSchedule = "ReconcileSchedule";

    /// <summary>The parameters, in the template's order.</summary>
    /// <exception cref="InputException">The file asks for what the template cannot express; each problem names its JSON path.</exception>
    public static ImmutableArray<KeyValuePair<string, string>> From(TargetsFile targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var problems = new List<string>();

        var parameters = ImmutableArray.Create(
            KeyValuePair.Create(AggregatorRegions, List(targets.Aggregators.Select(a => a.Region))),
            KeyValuePair.Create(DistributionConfigurationArns, List(targets.Distributions.Select(d => d.Arn))),
            KeyValuePair.Create(MemberRoleName, OneMemberRole(targets, problems)),
            KeyValuePair.Create(CustomSources, CustomSourceList(targets, problems)),
            KeyValuePair.Create(ManagementAccountId, targets.TrustedManagementAccountId ?? string.Empty),
            KeyValuePair.Create(NotificationBusName, targets.Notifications?.EventBusName ?? string.Empty),
            KeyValuePair.Create(ReconcileSchedule, targets.Reconcile.Schedule));

        if (problems.Count > 0)
        {
            throw new InputException(
                "the targets file cannot be deployed with template.yaml:" + Environment.NewLine
                + string.Join(Environment.NewLine, problems.Select(problem => "  " + problem)));
        }

        return parameters;
    }

    /// <summary>A CommaDelimitedList parameter: distinct values in the file's order.</summary>
    private static string List(IEnumerable<string> values) => string.Join(',', values.Distinct(StringComparer.Ordinal));

    /// <summary>
    /// MemberRoleName scopes sts:AssumeRole to arn:...:role/&lt;name&gt; in one statement, so every
    /// role the file assumes into member accounts must have the same name (infra/member-role.yaml
    /// deploys one name too). Empty when nothing is assumed: no AssumeRole permission at all.
    /// </summary>
    private static string OneMemberRole(TargetsFile targets, List<string> problems)
    {
        var roles = targets.DeliveryChannels
            .Select((channel, index) => (Path: $"deliveryChannels[{index}].memberRoleName", Name: channel.MemberRoleName))
            .Concat(PrerequisiteRole(targets))
            .ToList();
        if (roles.Count == 0)
        {
            return string.Empty;
        }

        var first = roles[0];
        foreach (var other in roles.Where(role => !string.Equals(role.Name, first.Name, StringComparison.Ordinal)))
        {
            problems.Add($"{other.Path}: \"{other.Name}\" differs from {first.Path} \"{first.Name}\"; the template's MemberRoleName allows one member role name");
        }

        return first.Name;
    }

    /// <summary>
    /// The role SPEC §3.5's prerequisites (aggregation authorizations, the Image Builder role check) assume in member
    /// accounts, when a target needs one: the top-level <c>memberRoleName</c>, else the channels' role, else the default.
    /// </summary>
    private static IEnumerable<(string Path, string Name)> PrerequisiteRole(TargetsFile targets)
    {
        var needed = targets.Aggregators.Any(a => a.AuthorizeSources) || targets.Distributions.Any(d => d.RequireCrossAccountRole);
        if (needed)
        {
            yield return (targets.MemberRoleName is null ? "memberRoleName (default)" : "memberRoleName", targets.PrerequisiteRoleName);
        }
    }

    /// <summary>CustomSources is a CommaDelimitedList, and the value travels quoted through sam deploy.</summary>
    private static string CustomSourceList(TargetsFile targets, List<string> problems)
    {
        for (var index = 0; index < targets.CustomSources.Length; index++)
        {
            var source = targets.CustomSources[index];
            if (source.IndexOfAny([',', '"', '\\']) >= 0)
            {
                problems.Add($"customSources[{index}]: \"{source}\" holds a comma, a quote or a backslash, which the CustomSources parameter (a comma-separated list passed through sam deploy) cannot carry");
            }
        }

        return List(targets.CustomSources);
    }
}
