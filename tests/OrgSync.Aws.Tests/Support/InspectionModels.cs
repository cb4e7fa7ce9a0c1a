using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrgSync.Aws.Config;

namespace OrgSync.Aws.Tests.Support;

// Envelopes of the read operations only tests call, to look at what a write left behind (names as in
// config.service-2.json and imagebuilder.service-2.json; WireRecordCoverageTests holds them to the models).

internal sealed record DescribeConfigurationRecordersRequest
{
    [JsonPropertyName("ConfigurationRecorderNames")] public ImmutableArray<string>? ConfigurationRecorderNames { get; init; }
    [JsonPropertyName("ServicePrincipal")] public string? ServicePrincipal { get; init; }
    [JsonPropertyName("Arn")] public string? Arn { get; init; }
}

internal sealed record DescribeConfigurationRecordersResponse
{
    [JsonPropertyName("ConfigurationRecorders")] public ImmutableArray<ConfigurationRecorder>? ConfigurationRecorders { get; init; }
}

/// <summary>A configuration recorder; the recording group, mode and scope are kept verbatim in <see cref="ExtensionData"/>.</summary>
internal sealed record ConfigurationRecorder
{
    [JsonPropertyName("arn")] public string? Arn { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("roleARN")] public string? RoleArn { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

internal sealed record DescribeAggregationAuthorizationsRequest
{
    /// <summary>0–100; 0 or absent means the maximum.</summary>
    [JsonPropertyName("Limit")] public int? Limit { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
}

internal sealed record DescribeAggregationAuthorizationsResponse
{
    [JsonPropertyName("AggregationAuthorizations")] public ImmutableArray<AggregationAuthorization>? AggregationAuthorizations { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
}

internal sealed record ListDistributionConfigurationsRequest
{
    /// <summary>1–10 filters; Image Builder filters this list by <c>name</c>.</summary>
    [JsonPropertyName("filters")] public ImmutableArray<ListFilter>? Filters { get; init; }

    /// <summary>1–25.</summary>
    [JsonPropertyName("maxResults")] public int? MaxResults { get; init; }
    [JsonPropertyName("nextToken")] public string? NextToken { get; init; }
}

internal sealed record ListFilter
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("values")] public ImmutableArray<string>? Values { get; init; }
}

internal sealed record ListDistributionConfigurationsResponse
{
    [JsonPropertyName("requestId")] public string? RequestId { get; init; }
    [JsonPropertyName("distributionConfigurationSummaryList")] public ImmutableArray<DistributionConfigurationSummary>? DistributionConfigurationSummaryList { get; init; }
    [JsonPropertyName("nextToken")] public string? NextToken { get; init; }
}

internal sealed record DistributionConfigurationSummary
{
    [JsonPropertyName("arn")] public string? Arn { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("dateCreated")] public string? DateCreated { get; init; }
    [JsonPropertyName("dateUpdated")] public string? DateUpdated { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyDictionary<string, string>? Tags { get; init; }
    [JsonPropertyName("regions")] public ImmutableArray<string>? Regions { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
