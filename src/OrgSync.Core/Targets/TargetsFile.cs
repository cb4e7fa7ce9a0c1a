using System.Collections.Immutable;
using OrgSync.Core.Events;

namespace OrgSync.Core.Targets;

/// <summary>One deployment's configuration (SPEC §2), validated and with defaults applied.</summary>
public sealed record TargetsFile(
    string? HomeAccountId,
    string? TrustedManagementAccountId,
    ImmutableArray<string> CustomSources,
    bool RemoveOnLeave,
    ImmutableArray<string> ExcludeAccounts,
    ImmutableArray<AggregatorTarget> Aggregators,
    ImmutableArray<DistributionTarget> Distributions,
    ImmutableArray<DeliveryChannelTarget> DeliveryChannels)
{
    public ClassifierOptions ClassifierOptions => new(CustomSources, TrustedManagementAccountId);
}

/// <param name="AwsRegions">null when the file gave none; then <paramref name="AllAwsRegions"/> is true.</param>
public sealed record AggregatorTarget(
    string Name,
    string Region,
    bool CreateIfMissing,
    bool AllAwsRegions,
    ImmutableArray<string>? AwsRegions)
{
    /// <summary>Stable identity for leases, ledger scopes and logs.</summary>
    public string Key => $"aggregator/{Region}/{Name}";
}

public enum ShareKind
{
    LaunchPermission,
    TargetAccountIds,
}

/// <param name="Regions">null = every distribution of the configuration.</param>
public sealed record DistributionTarget(
    string Arn,
    ImmutableArray<ShareKind> Share,
    ImmutableArray<string>? Regions)
{
    /// <summary>The Region of the ARN, where the configuration lives and is updated.</summary>
    public string Region => Arn.Split(':')[3];

    /// <summary>The account of the ARN.</summary>
    public string AccountId => Arn.Split(':')[4];

    public string Key => $"distribution/{Arn}";
}

/// <summary>The organization's delivery channel, put into each joining account in each listed Region.</summary>
public sealed record DeliveryChannelTarget(
    string MemberRoleName,
    ImmutableArray<string> Regions,
    ChannelSettings Channel)
{
    public string RoleArn(string accountId) => $"arn:aws:iam::{accountId}:role/{MemberRoleName}";

    /// <summary>The ledger scope: one per configured channel and Region.</summary>
    public string Scope(string region) => $"delivery-channel/{MemberRoleName}/{region}";

    /// <summary>The lease key of the concrete resource: one channel per account and Region.</summary>
    public static string ResourceKey(string accountId, string region) => $"delivery-channel/{accountId}/{region}";
}

/// <summary>The configured channel. A null field is not managed: an existing value is kept.</summary>
public sealed record ChannelSettings(
    string Name,
    string? S3BucketName,
    string? S3KeyPrefix,
    string? SnsTopicArn,
    string? S3KmsKeyArn,
    string? DeliveryFrequency);
