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
[JsonSerializable(typeof(DescribeConfigurationRecordersRequest))]
[JsonSerializable(typeof(DescribeConfigurationRecordersResponse))]
[JsonSerializable(typeof(GetDistributionConfigurationResponse))]
[JsonSerializable(typeof(UpdateDistributionConfigurationResponse))]
[JsonSerializable(typeof(ListDistributionConfigurationsRequest))]
[JsonSerializable(typeof(ListDistributionConfigurationsResponse))]
[JsonSerializable(typeof(PutAggregationAuthorizationRequest))]
[JsonSerializable(typeof(PutAggregationAuthorizationResponse))]
[JsonSerializable(typeof(DeleteAggregationAuthorizationRequest))]
[JsonSerializable(typeof(DescribeAggregationAuthorizationsRequest))]
[JsonSerializable(typeof(DescribeAggregationAuthorizationsResponse))]
[JsonSerializable(typeof(DescribeConfigurationAggregatorSourcesStatusRequest))]
[JsonSerializable(typeof(DescribeConfigurationAggregatorSourcesStatusResponse))]
[JsonSerializable(typeof(ListAccountsRequest))]
[JsonSerializable(typeof(ListAccountsResponse))]
[JsonSerializable(typeof(DescribeAccountRequest))]
[JsonSerializable(typeof(DescribeAccountResponse))]
[JsonSerializable(typeof(ListParentsRequest))]
[JsonSerializable(typeof(ListParentsResponse))]
[JsonSerializable(typeof(ListChildrenRequest))]
[JsonSerializable(typeof(ListChildrenResponse))]
[JsonSerializable(typeof(ListAccountsForParentRequest))]
[JsonSerializable(typeof(ListAccountsForParentResponse))]
[JsonSerializable(typeof(ListRootsRequest))]
[JsonSerializable(typeof(ListRootsResponse))]
[JsonSerializable(typeof(ListOrganizationalUnitsForParentRequest))]
[JsonSerializable(typeof(ListOrganizationalUnitsForParentResponse))]
[JsonSerializable(typeof(DescribeOrganizationResponse))]
[JsonSerializable(typeof(PutEventsRequest))]
[JsonSerializable(typeof(PutEventsResponse))]
[JsonSerializable(typeof(SendTaskSuccessRequest))]
[JsonSerializable(typeof(SendTaskFailureRequest))]
internal sealed partial class AwsWireJsonContext : JsonSerializerContext;
