using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrgSync.Aws.Tests.Support;

/// <summary>The test-only envelopes, with the clients' wire options (null members never sent).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(DescribeConfigurationRecordersRequest))]
[JsonSerializable(typeof(DescribeConfigurationRecordersResponse))]
[JsonSerializable(typeof(DescribeAggregationAuthorizationsRequest))]
[JsonSerializable(typeof(DescribeAggregationAuthorizationsResponse))]
[JsonSerializable(typeof(ListDistributionConfigurationsRequest))]
[JsonSerializable(typeof(ListDistributionConfigurationsResponse))]
internal sealed partial class InspectionJsonContext : JsonSerializerContext;
