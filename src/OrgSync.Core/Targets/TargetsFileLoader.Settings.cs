using System.Collections.Immutable;
using System.Text.Json;
using OrgSync.Core.Json;

namespace OrgSync.Core.Targets;

// The keys beyond the targets themselves: scopes, reconcile, notifications, and the shared name rules.
public static partial class TargetsFileLoader
{
    private const string ControlTowerLeave = "leave";
    private const string ControlTowerManage = "manage";

    private static string? RoleNameProblem(string text) =>
        AwsNames.IsRoleName(text)
            ? null
            : $"must be an IAM role name: 1–{AwsNames.RoleNameMaxLength} characters from A-Z a-z 0-9 + = , . @ _ -, found {StrictJson.Quote(text)}";

    /// <summary>The rule for a source OrgSync matches (<c>customSources</c>) or puts (<c>notifications.source</c>).</summary>
    private static string? EventSourceProblem(string text) =>
        text.Length == 0 ? "must not be empty"
        : text.StartsWith(AwsNames.ReservedEventSourcePrefix, StringComparison.Ordinal)
            ? $"{StrictJson.Quote(text)} starts with \"{AwsNames.ReservedEventSourcePrefix}\", which EventBridge reserves for AWS services"
        : text.Length > AwsNames.EventSourceMaxLength ? $"must be at most {AwsNames.EventSourceMaxLength} characters (an EventBridge event source)"
        : null;

    /// <summary><c>{"organizationalUnits": [...], "includeNested": true}</c>: at least one OU id, no repeats.</summary>
    private static OrganizationScope? ReadScope(JsonElement value, string path, Errors errors)
    {
        var members = Members.Of(value, path, errors, "organizationalUnits", "includeNested");
        if (members is null)
        {
            return null;
        }

        ImmutableArray<string>? units = null;
        if (members.IsPresentAndNotNull("organizationalUnits"))
        {
            units = members.List("organizationalUnits", ReadOrganizationalUnitId, nonEmpty: true);
        }
        else
        {
            members.Require("organizationalUnits", "required: a non-empty list of organizational unit ids");
        }

        var includeNested = members.Bool("includeNested", defaultValue: true);
        if (units is not { } ids || members.Failed)
        {
            return null;
        }

        return new OrganizationScope(ids, includeNested);
    }

    private static string? ReadOrganizationalUnitId(JsonElement value, string path, Errors errors) =>
        Values.String(value, path, errors, text =>
            AwsNames.IsOrganizationalUnitId(text)
                ? null
                : $"must be an organizational unit id (ou-, 4–32 lowercase letters or digits, -, 8–32 more; Organizations OrganizationalUnitId), found {StrictJson.Quote(text)}");

    private static ReconcileSettings? ReadReconcile(JsonElement value, string path, Errors errors)
    {
        var members = Members.Of(value, path, errors, "schedule", "pruneForeignAccounts", "weeklyAggregatorChangeBudget", "channels");
        if (members is null)
        {
            return null;
        }

        var defaults = ReconcileSettings.Default;
        var schedule = members.Present("schedule", (item, itemPath, itemErrors) =>
            Values.String(item, itemPath, itemErrors, text =>
                ScheduleExpression.Problem(text) is { } problem
                    ? $"must be an EventBridge schedule expression: {problem}, found {StrictJson.Quote(text)}"
                    : null));
        var prune = members.Bool("pruneForeignAccounts", defaults.PruneForeignAccounts);
        var budget = members.Int("weeklyAggregatorChangeBudget", min: 0, defaults.WeeklyAggregatorChangeBudget);
        var channels = members.Bool("channels", defaults.Channels);
        return members.Failed ? null : new ReconcileSettings(schedule ?? defaults.Schedule, prune, budget, channels);
    }

    private static NotificationSettings? ReadNotifications(JsonElement value, string path, Errors errors)
    {
        var members = Members.Of(value, path, errors, "eventBusName", "source");
        if (members is null)
        {
            return null;
        }

        var defaults = NotificationSettings.Default;
        var bus = members.Present("eventBusName", (item, itemPath, itemErrors) =>
            Values.String(item, itemPath, itemErrors, text =>
                AwsNames.IsEventBusNameOrArn(text)
                    ? null
                    : $"must be an event bus name or ARN (1–{AwsNames.EventBusNameOrArnMaxLength} characters; a name of A-Z a-z 0-9 . - _; EventBridge NonPartnerEventBusNameOrArn), found {StrictJson.Quote(text)}"));
        var source = members.Present("source", (item, itemPath, itemErrors) => Values.String(item, itemPath, itemErrors, EventSourceProblem));
        return members.Failed ? null : new NotificationSettings(bus ?? defaults.EventBusName, source ?? defaults.Source);
    }
}
