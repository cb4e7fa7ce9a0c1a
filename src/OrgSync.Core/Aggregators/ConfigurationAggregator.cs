using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrgSync.Core.Aggregators;

// AWS Config wire shapes (awsJson1_1, PascalCase members), as in config.service-2.json.
// Members the model may grow later land in ExtensionData and are carried over unchanged.

public sealed record ConfigurationAggregator
{
    [JsonPropertyName("ConfigurationAggregatorName")] public string? ConfigurationAggregatorName { get; init; }
    [JsonPropertyName("ConfigurationAggregatorArn")] public string? ConfigurationAggregatorArn { get; init; }
    [JsonPropertyName("AccountAggregationSources")] public ImmutableArray<AccountAggregationSource>? AccountAggregationSources { get; init; }
    [JsonPropertyName("OrganizationAggregationSource")] public OrganizationAggregationSource? OrganizationAggregationSource { get; init; }

    /// <summary>Epoch seconds (a JSON number, possibly fractional).</summary>
    [JsonPropertyName("CreationTime")] public double? CreationTime { get; init; }
    [JsonPropertyName("LastUpdatedTime")] public double? LastUpdatedTime { get; init; }
    [JsonPropertyName("CreatedBy")] public string? CreatedBy { get; init; }
    [JsonPropertyName("AggregatorFilters")] public AggregatorFilters? AggregatorFilters { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record AccountAggregationSource
{
    [JsonPropertyName("AccountIds")] public ImmutableArray<string> AccountIds { get; init; } = ImmutableArray<string>.Empty;
    [JsonPropertyName("AllAwsRegions")] public bool? AllAwsRegions { get; init; }
    [JsonPropertyName("AwsRegions")] public ImmutableArray<string>? AwsRegions { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record OrganizationAggregationSource
{
    [JsonPropertyName("RoleArn")] public string? RoleArn { get; init; }
    [JsonPropertyName("AwsRegions")] public ImmutableArray<string>? AwsRegions { get; init; }
    [JsonPropertyName("AllAwsRegions")] public bool? AllAwsRegions { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record AggregatorFilters
{
    [JsonPropertyName("ResourceType")] public AggregatorFilter? ResourceType { get; init; }
    [JsonPropertyName("ServicePrincipal")] public AggregatorFilter? ServicePrincipal { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Both filter kinds share the same wire shape: <c>{Type, Value[]}</c>.</summary>
public sealed record AggregatorFilter
{
    [JsonPropertyName("Type")] public string? Type { get; init; }
    [JsonPropertyName("Value")] public ImmutableArray<string>? Value { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>
/// <c>PutConfigurationAggregator</c> input. Replaces the sources wholesale, so the planner always
/// sends the merged result. Tags are create-only in OrgSync (never sent on update).
/// </summary>
public sealed record PutConfigurationAggregatorRequest
{
    [JsonPropertyName("ConfigurationAggregatorName")] public required string ConfigurationAggregatorName { get; init; }
    [JsonPropertyName("AccountAggregationSources")] public ImmutableArray<AccountAggregationSource>? AccountAggregationSources { get; init; }
    [JsonPropertyName("OrganizationAggregationSource")] public OrganizationAggregationSource? OrganizationAggregationSource { get; init; }
    [JsonPropertyName("Tags")] public ImmutableArray<ConfigTag>? Tags { get; init; }
    [JsonPropertyName("AggregatorFilters")] public AggregatorFilters? AggregatorFilters { get; init; }
}

public sealed record ConfigTag
{
    [JsonPropertyName("Key")] public string? Key { get; init; }
    [JsonPropertyName("Value")] public string? Value { get; init; }
}
