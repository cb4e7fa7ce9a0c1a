namespace OrgSync.Core.Targets;

/// <summary>Where completion events go (SPEC §7, the targets file's <c>notifications</c>).</summary>
/// <param name="EventBusName">A bus name or bus ARN (<see cref="AwsNames.IsEventBusNameOrArn"/>), default <c>default</c>.</param>
/// <param name="Source">The <c>source</c> of the events put (<see cref="AwsNames.IsEventSource"/>), default <c>orgsync</c>.</param>
public sealed record NotificationSettings(string EventBusName, string Source)
{
    public const string DefaultSource = "orgsync";

    public static NotificationSettings Default { get; } = new(AwsNames.DefaultEventBusName, DefaultSource);
}
