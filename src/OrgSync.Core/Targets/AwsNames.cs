using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace OrgSync.Core.Targets;

/// <summary>
/// The shapes of the names a targets file feeds into AWS calls. Each rule comes from the service
/// model in <c>vendor/aws/models</c> (tests compare these constants with the model files) or, where
/// the model says nothing, from the service's documented naming rules. ASCII only: .NET's <c>\w</c>
/// and <c>\d</c> match non-ASCII letters and digits, the services do not (FACTS §8).
/// </summary>
public static partial class AwsNames
{
    /// <summary>Config <c>ConfigurationAggregatorName</c>: <c>[\w\-]+</c>, length 1–256.</summary>
    public const int AggregatorNameMaxLength = 256;

    /// <summary>Config <c>ChannelName</c>: length 1–256, no pattern.</summary>
    public const int ChannelNameMaxLength = 256;

    /// <summary>The name Config gives a delivery channel created without one.</summary>
    public const string DefaultChannelName = "default";

    /// <summary>
    /// The role Image Builder assumes in a target account to copy an AMI there (<c>targetAccountIds</c>): without it the
    /// distribution step of every build of the configuration fails (SPEC §3.5).
    /// </summary>
    public const string ImageBuilderCrossAccountRoleName = "EC2ImageBuilderDistributionCrossAccountRole";

    /// <summary>How Control Tower names the delivery channel of the accounts it governs (<c>aws-controltower-BaselineConfigDeliveryChannel</c>).</summary>
    public const string ControlTowerChannelPrefix = "aws-controltower-";

    /// <summary>IAM role names: <c>[\w+=,.@-]+</c>, length 1–64 (IAM <c>roleNameType</c>).</summary>
    public const int RoleNameMaxLength = 64;

    /// <summary>Image Builder <c>DistributionConfigurationArn</c>, verbatim from the model.</summary>
    public const string DistributionConfigurationArnPattern =
        "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):distribution-configuration/[a-z0-9-_]+$";

    /// <summary>Organizations <c>OrganizationalUnitId</c>, verbatim from the model.</summary>
    public const string OrganizationalUnitIdPattern = "^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$";

    /// <summary>Organizations <c>OrganizationalUnitId</c>: at most 68 characters.</summary>
    public const int OrganizationalUnitIdMaxLength = 68;

    /// <summary>
    /// EventBridge <c>NonPartnerEventBusNameOrArn</c> (the type of <c>PutEventsRequestEntry.EventBusName</c>),
    /// verbatim from the model: a bus name, or a bus ARN. Read as AWS reads it: <c>\w</c> is ASCII.
    /// </summary>
    public const string EventBusNameOrArnPattern =
        "(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\.\\-_A-Za-z0-9]+";

    /// <summary>EventBridge <c>NonPartnerEventBusNameOrArn</c>: length 1–1600.</summary>
    public const int EventBusNameOrArnMaxLength = 1600;

    /// <summary>The bus EventBridge uses when none is named.</summary>
    public const string DefaultEventBusName = "default";

    /// <summary>
    /// An event <c>source</c> OrgSync puts or matches: 1–256 characters, not starting with
    /// <see cref="ReservedEventSourcePrefix"/>. The events model leaves <c>PutEventsRequestEntry.Source</c>
    /// unconstrained (a test says when that changes); the limits are EventBridge's documented ones (the
    /// Scheduler model's <c>Source</c>: length 1–256, no <c>aws.</c> prefix).
    /// </summary>
    public const int EventSourceMaxLength = 256;

    /// <summary>EventBridge reserves sources starting with this for AWS services.</summary>
    public const string ReservedEventSourcePrefix = "aws.";

    /// <summary>EventBridge <c>ScheduleExpression</c>: at most 256 characters.</summary>
    public const int ScheduleExpressionMaxLength = 256;

    /// <summary>Step Functions <c>TaskToken</c>: length 1–2048.</summary>
    public const int TaskTokenMaxLength = 2048;

    /// <summary>Config <c>MaximumExecutionFrequency</c> (the type of <c>deliveryFrequency</c>), in model order.</summary>
    public static ImmutableArray<string> DeliveryFrequencies { get; } =
        ["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"];

    public static bool IsAggregatorName(string value) =>
        value.Length is >= 1 and <= AggregatorNameMaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    public static bool IsRoleName(string value) =>
        value.Length is >= 1 and <= RoleNameMaxLength
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-');

    /// <summary>
    /// A Region code: a lowercase area (<c>us</c>, <c>ap</c>, <c>eusc</c>), one to three lowercase
    /// words and a number — <c>us-east-1</c>, <c>ap-southeast-2</c>, <c>us-gov-west-1</c>, <c>us-iso-east-1</c>.
    /// </summary>
    public static bool IsRegion(string value)
    {
        var parts = value.Split('-');
        if (parts.Length is < 3 or > 5)
        {
            return false;
        }

        var last = parts[^1];
        return parts[0].Length is >= 2 and <= 4 && parts[..^1].All(p => p.Length > 0 && p.All(char.IsAsciiLetterLower))
            && last.Length is >= 1 and <= 2 && last.All(char.IsAsciiDigit);
    }

    /// <summary>A full match of <see cref="DistributionConfigurationArnPattern"/> (no trailing-newline leniency).</summary>
    public static bool IsDistributionConfigurationArn(string value)
    {
        var match = DistributionConfigurationArn().Match(value);
        return match.Success && match.Index == 0 && match.Length == value.Length;
    }

    /// <summary>A full match of <see cref="OrganizationalUnitIdPattern"/> (no trailing-newline leniency).</summary>
    public static bool IsOrganizationalUnitId(string value)
    {
        var match = OrganizationalUnitId().Match(value);
        return value.Length <= OrganizationalUnitIdMaxLength && match.Success && match.Index == 0 && match.Length == value.Length;
    }

    /// <summary>A bus name or bus ARN that <c>PutEvents</c> accepts: a full match of <see cref="EventBusNameOrArnPattern"/>, 1–1600 characters.</summary>
    public static bool IsEventBusNameOrArn(string value) =>
        value.Length is >= 1 and <= EventBusNameOrArnMaxLength && EventBusNameOrArn().IsMatch(value);

    /// <summary>An event source OrgSync may put or match (<see cref="EventSourceMaxLength"/>).</summary>
    public static bool IsEventSource(string value) =>
        value.Length is >= 1 and <= EventSourceMaxLength && !value.StartsWith(ReservedEventSourcePrefix, StringComparison.Ordinal);

    [GeneratedRegex(DistributionConfigurationArnPattern, RegexOptions.CultureInvariant)]
    private static partial Regex DistributionConfigurationArn();

    [GeneratedRegex(OrganizationalUnitIdPattern, RegexOptions.CultureInvariant)]
    private static partial Regex OrganizationalUnitId();

    // Anchored at both ends (\z: no trailing-newline leniency); ECMAScript makes \w ASCII, as AWS reads it.
    [GeneratedRegex("^(?:" + EventBusNameOrArnPattern + ")\\z", RegexOptions.ECMAScript)]
    private static partial Regex EventBusNameOrArn();
}
