namespace OrgSync.Core.Targets;

/// <summary>
/// The partition an ARN names for a Region (<c>arn:aws-cn:…</c> in China, <c>arn:aws-us-gov:…</c> in GovCloud): a role
/// ARN built with <c>aws</c> cannot be assumed outside the commercial partition.
/// </summary>
public static class AwsPartition
{
    public const string Commercial = "aws";

    public static string Of(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return region switch
        {
            _ when region.StartsWith("cn-", StringComparison.Ordinal) => "aws-cn",
            _ when region.StartsWith("us-gov-", StringComparison.Ordinal) => "aws-us-gov",
            _ when region.StartsWith("us-isob-", StringComparison.Ordinal) => "aws-iso-b",
            _ when region.StartsWith("us-isof-", StringComparison.Ordinal) => "aws-iso-f",
            _ when region.StartsWith("eu-isoe-", StringComparison.Ordinal) => "aws-iso-e",
            _ when region.StartsWith("us-iso-", StringComparison.Ordinal) => "aws-iso",
            _ => Commercial,
        };
    }

    /// <summary>The ARN of the role <paramref name="roleName"/> in <paramref name="accountId"/>, in the partition of <paramref name="region"/>.</summary>
    public static string RoleArn(string accountId, string roleName, string region) => $"arn:{Of(region)}:iam::{accountId}:role/{roleName}";
}
