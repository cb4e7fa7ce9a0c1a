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
