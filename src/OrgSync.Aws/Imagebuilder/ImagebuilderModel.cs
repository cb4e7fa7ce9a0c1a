using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrgSync.Core.Distributions;

namespace OrgSync.Aws.Imagebuilder;

// EC2 Image Builder request/response envelopes (restJson1, camelCase, names as in
// imagebuilder.service-2.json). The configuration itself is Core's DistributionConfiguration; the
// Update input is Core's UpdateDistributionConfigurationRequest.

public sealed record GetDistributionConfigurationResponse
{
    [JsonPropertyName("requestId")] public string? RequestId { get; init; }
    [JsonPropertyName("distributionConfiguration")] public DistributionConfiguration? DistributionConfiguration { get; init; }
}

public sealed record UpdateDistributionConfigurationResponse
{
    [JsonPropertyName("requestId")] public string? RequestId { get; init; }
    [JsonPropertyName("clientToken")] public string? ClientToken { get; init; }
    [JsonPropertyName("distributionConfigurationArn")] public string? DistributionConfigurationArn { get; init; }
}

public sealed record ListDistributionConfigurationsRequest
{
    /// <summary>1–10 filters; Image Builder filters this list by <c>name</c>.</summary>
    [JsonPropertyName("filters")] public ImmutableArray<ListFilter>? Filters { get; init; }

    /// <summary>1–25.</summary>
    [JsonPropertyName("maxResults")] public int? MaxResults { get; init; }
    [JsonPropertyName("nextToken")] public string? NextToken { get; init; }
}

public sealed record ListFilter
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("values")] public ImmutableArray<string>? Values { get; init; }
}

public sealed record ListDistributionConfigurationsResponse
{
    [JsonPropertyName("requestId")] public string? RequestId { get; init; }
    [JsonPropertyName("distributionConfigurationSummaryList")] public ImmutableArray<DistributionConfigurationSummary>? DistributionConfigurationSummaryList { get; init; }
    [JsonPropertyName("nextToken")] public string? NextToken { get; init; }
}

public sealed record DistributionConfigurationSummary
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
