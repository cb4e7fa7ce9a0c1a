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
    /// <summary>The member role of the §3.5 prerequisites when neither the file nor a delivery-channel target names one.</summary>
    public const string DefaultMemberRoleName = "OrgSyncMemberRole";

    public ClassifierOptions ClassifierOptions => new(CustomSources, TrustedManagementAccountId);

    /// <summary>
    /// <c>verifyMembership</c> (default true): a join is applied only to an account Organizations describes
    /// as ACTIVE in this organization (SPEC §3.5).
    /// </summary>
    public bool VerifyMembership { get; init; } = true;

    /// <summary><c>allowedNonMembers</c> (default empty): accounts that may join without being members (partners; SPEC §3.5).</summary>
    public ImmutableArray<string> AllowedNonMembers { get; init; } = [];

    /// <summary><c>reconcile</c> (SPEC §6); <see cref="ReconcileSettings.Default"/> when absent.</summary>
    public ReconcileSettings Reconcile { get; init; } = ReconcileSettings.Default;

    /// <summary><c>notifications</c> (SPEC §7); null when absent or null: no completion events are sent.</summary>
    public NotificationSettings? Notifications { get; init; }

    /// <summary>
    /// The top-level <c>memberRoleName</c> as the file gives it (null when absent). An OrgSync extension, not
    /// in SPEC §2: the role assumed in a member account for the §3.5 prerequisites. Use <see cref="PrerequisiteRoleName"/>.
    /// </summary>
    public string? MemberRoleName { get; init; }

    /// <summary>
    /// The role assumed in a joining account for the §3.5 prerequisites (aggregation authorization, the
    /// Image Builder role check): <see cref="MemberRoleName"/>, else the first delivery-channel target's
    /// role ("the same member role as the delivery channel"), else <see cref="DefaultMemberRoleName"/>.
    /// </summary>
    public string PrerequisiteRoleName =>
        MemberRoleName
        ?? (DeliveryChannels.IsDefaultOrEmpty ? DefaultMemberRoleName : DeliveryChannels[0].MemberRoleName);
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

    /// <summary>The file's <c>scope</c>: the accounts this aggregator holds; null = the whole organization.</summary>
    public OrganizationScope? OrganizationScope { get; init; }

    /// <summary>
    /// <c>authorizeSources</c> (default true): a join puts the aggregation authorization in the source
    /// account before the account is added (account-sourced aggregators; SPEC §3.5).
    /// </summary>
    public bool AuthorizeSources { get; init; } = true;

    /// <summary>
    /// <c>authorizationRegions</c>: the source Regions to authorize when the aggregator as read uses
    /// <c>AllAwsRegions</c>; null = none configured (then only the aggregator's own Region, with a warning).
    /// </summary>
    public ImmutableArray<string>? AuthorizationRegions { get; init; }
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

    /// <summary>The file's <c>scope</c>: the accounts this distribution shares with; null = the whole organization.</summary>
    public OrganizationScope? OrganizationScope { get; init; }

    /// <summary>
    /// <c>requireCrossAccountRole</c>: add an account to <c>targetAccountIds</c> only once the role
    /// <c>EC2ImageBuilderDistributionCrossAccountRole</c> exists there (SPEC §3.5). Defaults to whether
    /// <see cref="Share"/> holds <see cref="ShareKind.TargetAccountIds"/>; never true without it (the loader rejects that).
    /// </summary>
    public bool RequireCrossAccountRole { get; init; } = !Share.IsDefault && Share.Contains(ShareKind.TargetAccountIds);
}

/// <summary>The organization's delivery channel, put into each joining account in each listed Region.</summary>
public sealed record DeliveryChannelTarget(
    string MemberRoleName,
    ImmutableArray<string> Regions,
    ChannelSettings Channel)
{
    /// <summary>The member role in <paramref name="accountId"/>, in the partition of <paramref name="region"/>.</summary>
    public string RoleArn(string accountId, string region) => AwsPartition.RoleArn(accountId, MemberRoleName, region);

    /// <summary>The ledger scope: one per configured channel and Region.</summary>
    public string Scope(string region) => $"delivery-channel/{MemberRoleName}/{region}";

    /// <summary>The lease key of the concrete resource: one channel per account and Region.</summary>
    public static string ResourceKey(string accountId, string region) => $"delivery-channel/{accountId}/{region}";

    /// <summary>The file's <c>scope</c>: the accounts that get this channel; null = the whole organization. (Not <see cref="Scope"/>, the ledger scope.)</summary>
    public OrganizationScope? OrganizationScope { get; init; }

    /// <summary><c>controlTowerManaged</c>: what to do with a channel Control Tower owns; default <see cref="ControlTowerPolicy.Leave"/>.</summary>
    public ControlTowerPolicy ControlTowerManaged { get; init; } = ControlTowerPolicy.Leave;
}

/// <summary>The configured channel. A null field is not managed: an existing value is kept.</summary>
public sealed record ChannelSettings(
    string Name,
    string? S3BucketName,
    string? S3KeyPrefix,
    string? SnsTopicArn,
    string? S3KmsKeyArn,
    string? DeliveryFrequency);
