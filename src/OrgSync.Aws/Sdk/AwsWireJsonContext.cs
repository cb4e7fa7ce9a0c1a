using System.Text.Json;
using System.Text.Json.Serialization;
using OrgSync.Aws.Config;
using OrgSync.Aws.Imagebuilder;
using OrgSync.Core.Json;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// Source-generated serialization of the request/response envelopes of both services. The Put
/// and Update bodies are Core's request records, serialized with <see cref="CoreJsonContext"/>.
/// Null members are never sent (absent ≠ null on these APIs).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    MaxDepth = StrictJson.MaxDepth)]
[JsonSerializable(typeof(DescribeConfigurationAggregatorsRequest))]
[JsonSerializable(typeof(DescribeConfigurationAggregatorsResponse))]
[JsonSerializable(typeof(PutConfigurationAggregatorResponse))]
[JsonSerializable(typeof(DescribeDeliveryChannelsRequest))]
[JsonSerializable(typeof(DescribeDeliveryChannelsResponse))]
[JsonSerializable(typeof(DescribeConfigurationRecordersRequest))]
[JsonSerializable(typeof(DescribeConfigurationRecordersResponse))]
[JsonSerializable(typeof(GetDistributionConfigurationResponse))]
[JsonSerializable(typeof(UpdateDistributionConfigurationResponse))]
[JsonSerializable(typeof(ListDistributionConfigurationsRequest))]
[JsonSerializable(typeof(ListDistributionConfigurationsResponse))]
internal sealed partial class AwsWireJsonContext : JsonSerializerContext;
