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

    /// <summary>IAM role names: <c>[\w+=,.@-]+</c>, length 1–64 (IAM <c>roleNameType</c>).</summary>
    public const int RoleNameMaxLength = 64;

    /// <summary>Image Builder <c>DistributionConfigurationArn</c>, verbatim from the model.</summary>
    public const string DistributionConfigurationArnPattern =
        "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):distribution-configuration/[a-z0-9-_]+$";

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

    [GeneratedRegex(DistributionConfigurationArnPattern, RegexOptions.CultureInvariant)]
    private static partial Regex DistributionConfigurationArn();
}
