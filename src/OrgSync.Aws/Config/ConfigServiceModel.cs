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
