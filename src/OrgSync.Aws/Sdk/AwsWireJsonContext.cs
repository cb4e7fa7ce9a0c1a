using System.Text.Json;
using System.Text.Json.Serialization;
using OrgSync.Aws.Config;
using OrgSync.Aws.Events;
using OrgSync.Aws.Imagebuilder;
using OrgSync.Aws.Organizations;
using OrgSync.Aws.StepFunctions;
using OrgSync.Core.Json;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// Source-generated serialization of the request/response envelopes of the JSON-protocol services. The Put
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
[JsonSerializable(typeof(GetDistributionConfigurationResponse))]
[JsonSerializable(typeof(UpdateDistributionConfigurationResponse))]
[JsonSerializable(typeof(PutAggregationAuthorizationRequest))]
[JsonSerializable(typeof(PutAggregationAuthorizationResponse))]
[JsonSerializable(typeof(DeleteAggregationAuthorizationRequest))]
[JsonSerializable(typeof(DescribeConfigurationAggregatorSourcesStatusRequest))]
[JsonSerializable(typeof(DescribeConfigurationAggregatorSourcesStatusResponse))]
[JsonSerializable(typeof(ListAccountsRequest))]
[JsonSerializable(typeof(ListAccountsResponse))]
[JsonSerializable(typeof(DescribeAccountRequest))]
[JsonSerializable(typeof(DescribeAccountResponse))]
[JsonSerializable(typeof(ListParentsRequest))]
[JsonSerializable(typeof(ListParentsResponse))]
[JsonSerializable(typeof(DescribeOrganizationResponse))]
[JsonSerializable(typeof(PutEventsRequest))]
[JsonSerializable(typeof(PutEventsResponse))]
[JsonSerializable(typeof(DescribeEventBusRequest))]
[JsonSerializable(typeof(DescribeEventBusResponse))]
[JsonSerializable(typeof(SendTaskSuccessRequest))]
[JsonSerializable(typeof(SendTaskFailureRequest))]
internal sealed partial class AwsWireJsonContext : JsonSerializerContext;
