using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrgSync.Core.Aggregators;
using OrgSync.Core.DeliveryChannels;

namespace OrgSync.Aws.Config;

// AWS Config request/response envelopes (awsJson1_1, names as in config.service-2.json). The
// resource shapes inside them are Core's wire shapes; the Put inputs are Core's request records.

public sealed record DescribeConfigurationAggregatorsRequest
{
    [JsonPropertyName("ConfigurationAggregatorNames")] public ImmutableArray<string>? ConfigurationAggregatorNames { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }

    /// <summary>0–100; 0 or absent means the maximum.</summary>
    [JsonPropertyName("Limit")] public int? Limit { get; init; }
}

public sealed record DescribeConfigurationAggregatorsResponse
{
    [JsonPropertyName("ConfigurationAggregators")] public ImmutableArray<ConfigurationAggregator>? ConfigurationAggregators { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
}

public sealed record PutConfigurationAggregatorResponse
{
    [JsonPropertyName("ConfigurationAggregator")] public ConfigurationAggregator? ConfigurationAggregator { get; init; }
}

public sealed record DescribeDeliveryChannelsRequest
{
    [JsonPropertyName("DeliveryChannelNames")] public ImmutableArray<string>? DeliveryChannelNames { get; init; }
}

public sealed record DescribeDeliveryChannelsResponse
{
    [JsonPropertyName("DeliveryChannels")] public ImmutableArray<DeliveryChannel>? DeliveryChannels { get; init; }
}

public sealed record DescribeConfigurationRecordersRequest
{
    [JsonPropertyName("ConfigurationRecorderNames")] public ImmutableArray<string>? ConfigurationRecorderNames { get; init; }
    [JsonPropertyName("ServicePrincipal")] public string? ServicePrincipal { get; init; }
    [JsonPropertyName("Arn")] public string? Arn { get; init; }
}

public sealed record DescribeConfigurationRecordersResponse
{
    [JsonPropertyName("ConfigurationRecorders")] public ImmutableArray<ConfigurationRecorder>? ConfigurationRecorders { get; init; }
}

/// <summary>
/// A configuration recorder, as far as OrgSync looks at it (whether the account has one). The
/// recording group, mode and scope are kept verbatim in <see cref="ExtensionData"/>.
/// </summary>
public sealed record ConfigurationRecorder
{
    [JsonPropertyName("arn")] public string? Arn { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("roleARN")] public string? RoleArn { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
