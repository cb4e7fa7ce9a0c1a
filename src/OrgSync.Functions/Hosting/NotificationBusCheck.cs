using OrgSync.Core.Targets;

namespace OrgSync.Functions.Hosting;

/// <summary>
/// The template grants <c>events:PutEvents</c> on the bus its <c>NotificationBusName</c> parameter names, and tells the
/// function that name in <c>ORGSYNC_NOTIFICATION_BUS_NAME</c> (absent: notifications off). A targets file that puts
/// events elsewhere, or none where the stack expects them, would fail every announcement at run time (or announce
/// nothing while the operator believes it does), so the function refuses to start instead.
/// </summary>
public static class NotificationBusCheck
{
    public const string BusNameVariable = "ORGSYNC_NOTIFICATION_BUS_NAME";

    private const string EventBusArnMarker = ":event-bus/";

    /// <exception cref="FunctionInitException">The targets file's <c>notifications.eventBusName</c> disagrees with the stack.</exception>
    public static void Verify(FunctionEnvironment environment, TargetsFile targets)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(targets);
        var granted = environment.Get(BusNameVariable) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var configured = targets.Notifications?.EventBusName;
        const string ErrorType = "Runtime.InvalidConfiguration";
        switch (granted, configured)
        {
            case (null, null):
                return;
            case (null, { } bus):
                throw new FunctionInitException(
                    $"The targets file sends completion events to the event bus '{bus}' (notifications.eventBusName), but {BusNameVariable} is not set: "
                    + "the stack grants no events:PutEvents. Deploy with NotificationBusName set to that bus (orgsync deploy-parameters derives it), or remove notifications.",
                    ErrorType);
            case ({ } bus, null):
                throw new FunctionInitException(
                    $"{BusNameVariable}='{bus}' but the targets file has no notifications: the stack expects completion events on '{bus}'. "
                    + "Add \"notifications\": {\"eventBusName\": \"" + bus + "\"} to the targets file, or deploy with NotificationBusName empty.",
                    ErrorType);
            case (_, { } named) when ForeignArn(named, environment.Get("AWS_REGION"), targets.HomeAccountId) is { } where:
                throw new FunctionInitException(
                    $"The targets file sends completion events to '{named}' (notifications.eventBusName), a bus {where}, but the stack grants events:PutEvents "
                    + "only on a bus of its own account and Region. Name the bus (or its ARN) in the stack's account and Region.",
                    ErrorType);
            case ({ } bus, { } named) when !SameBus(bus, named):
                throw new FunctionInitException(
                    $"The targets file sends completion events to '{named}' (notifications.eventBusName), but the stack grants events:PutEvents on '{bus}' "
                    + $"({BusNameVariable}). Make them the same bus (orgsync deploy-parameters derives NotificationBusName from the targets file).",
                    ErrorType);
        }
    }

    /// <summary>
    /// Where a bus ARN points outside the function's Region or account ("in eu-west-1", "of account 222222222222");
    /// null for a name, or an ARN in <paramref name="region"/> and <paramref name="accountId"/> (each checked when known).
    /// </summary>
    private static string? ForeignArn(string configured, string? region, string? accountId)
    {
        var parts = configured.Split(':');
        if (!configured.StartsWith("arn:", StringComparison.Ordinal) || parts.Length < 6)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(region) && !string.Equals(parts[3], region, StringComparison.Ordinal))
        {
            return $"in {parts[3]}";
        }

        return !string.IsNullOrEmpty(accountId) && !string.Equals(parts[4], accountId, StringComparison.Ordinal) ? $"of account {parts[4]}" : null;
    }

    /// <summary>The bus names agree; a bus ARN in the targets file agrees with the name it ends in (the template grants by name, in its own account and Region).</summary>
    private static bool SameBus(string granted, string configured)
    {
        var index = configured.LastIndexOf(EventBusArnMarker, StringComparison.Ordinal);
        var name = configured.StartsWith("arn:", StringComparison.Ordinal) && index >= 0 ? configured[(index + EventBusArnMarker.Length)..] : configured;
        return string.Equals(granted, name, StringComparison.Ordinal);
    }
}
