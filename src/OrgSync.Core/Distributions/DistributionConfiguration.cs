using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrgSync.Core.Distributions;

// EC2 Image Builder wire shapes (restJson1, camelCase), modelled completely from
// imagebuilder.service-2.json so that nothing the planner does not own is dropped on update.
// Every structure also keeps members unknown to this model in ExtensionData, written back as read.

public sealed record DistributionConfiguration
{
    [JsonPropertyName("arn")] public string? Arn { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("distributions")] public ImmutableArray<Distribution>? Distributions { get; init; }
    [JsonPropertyName("timeoutMinutes")] public int? TimeoutMinutes { get; init; }
    [JsonPropertyName("dateCreated")] public string? DateCreated { get; init; }
    [JsonPropertyName("dateUpdated")] public string? DateUpdated { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyDictionary<string, string>? Tags { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record Distribution
{
    [JsonPropertyName("region")] public string? Region { get; init; }
    [JsonPropertyName("amiDistributionConfiguration")] public AmiDistributionConfiguration? AmiDistributionConfiguration { get; init; }
    [JsonPropertyName("containerDistributionConfiguration")] public ContainerDistributionConfiguration? ContainerDistributionConfiguration { get; init; }
    [JsonPropertyName("licenseConfigurationArns")] public ImmutableArray<string>? LicenseConfigurationArns { get; init; }
    [JsonPropertyName("launchTemplateConfigurations")] public ImmutableArray<LaunchTemplateConfiguration>? LaunchTemplateConfigurations { get; init; }
    [JsonPropertyName("s3ExportConfiguration")] public S3ExportConfiguration? S3ExportConfiguration { get; init; }
    [JsonPropertyName("fastLaunchConfigurations")] public ImmutableArray<FastLaunchConfiguration>? FastLaunchConfigurations { get; init; }
    [JsonPropertyName("ssmParameterConfigurations")] public ImmutableArray<SsmParameterConfiguration>? SsmParameterConfigurations { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record AmiDistributionConfiguration
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("targetAccountIds")] public ImmutableArray<string>? TargetAccountIds { get; init; }
    [JsonPropertyName("amiTags")] public IReadOnlyDictionary<string, string>? AmiTags { get; init; }
    [JsonPropertyName("kmsKeyId")] public string? KmsKeyId { get; init; }
    [JsonPropertyName("launchPermission")] public LaunchPermissionConfiguration? LaunchPermission { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record LaunchPermissionConfiguration
{
    [JsonPropertyName("userIds")] public ImmutableArray<string>? UserIds { get; init; }
    [JsonPropertyName("userGroups")] public ImmutableArray<string>? UserGroups { get; init; }
    [JsonPropertyName("organizationArns")] public ImmutableArray<string>? OrganizationArns { get; init; }
    [JsonPropertyName("organizationalUnitArns")] public ImmutableArray<string>? OrganizationalUnitArns { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record ContainerDistributionConfiguration
{
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("containerTags")] public ImmutableArray<string>? ContainerTags { get; init; }
    [JsonPropertyName("targetRepository")] public TargetContainerRepository? TargetRepository { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record TargetContainerRepository
{
    [JsonPropertyName("service")] public string? Service { get; init; }
    [JsonPropertyName("repositoryName")] public string? RepositoryName { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record LaunchTemplateConfiguration
{
    [JsonPropertyName("launchTemplateId")] public string? LaunchTemplateId { get; init; }
    [JsonPropertyName("accountId")] public string? AccountId { get; init; }
    [JsonPropertyName("setDefaultVersion")] public bool? SetDefaultVersion { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record S3ExportConfiguration
{
    [JsonPropertyName("roleName")] public string? RoleName { get; init; }
    [JsonPropertyName("diskImageFormat")] public string? DiskImageFormat { get; init; }
    [JsonPropertyName("s3Bucket")] public string? S3Bucket { get; init; }
    [JsonPropertyName("s3Prefix")] public string? S3Prefix { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record FastLaunchConfiguration
{
    [JsonPropertyName("enabled")] public bool? Enabled { get; init; }
    [JsonPropertyName("snapshotConfiguration")] public FastLaunchSnapshotConfiguration? SnapshotConfiguration { get; init; }
    [JsonPropertyName("maxParallelLaunches")] public int? MaxParallelLaunches { get; init; }
    [JsonPropertyName("launchTemplate")] public FastLaunchLaunchTemplateSpecification? LaunchTemplate { get; init; }
    [JsonPropertyName("accountId")] public string? AccountId { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record FastLaunchSnapshotConfiguration
{
    [JsonPropertyName("targetResourceCount")] public int? TargetResourceCount { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record FastLaunchLaunchTemplateSpecification
{
    [JsonPropertyName("launchTemplateId")] public string? LaunchTemplateId { get; init; }
    [JsonPropertyName("launchTemplateName")] public string? LaunchTemplateName { get; init; }
    [JsonPropertyName("launchTemplateVersion")] public string? LaunchTemplateVersion { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record SsmParameterConfiguration
{
    [JsonPropertyName("amiAccountId")] public string? AmiAccountId { get; init; }
    [JsonPropertyName("parameterName")] public string? ParameterName { get; init; }
    [JsonPropertyName("dataType")] public string? DataType { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary><c>UpdateDistributionConfiguration</c> input: replaces description and the whole distributions list.</summary>
public sealed record UpdateDistributionConfigurationRequest
{
    [JsonPropertyName("distributionConfigurationArn")] public required string DistributionConfigurationArn { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("distributions")] public required ImmutableArray<Distribution> Distributions { get; init; }
    [JsonPropertyName("clientToken")] public required string ClientToken { get; init; }
}
