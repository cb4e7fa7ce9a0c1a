using System.Collections.Immutable;
using OrgSync.Aws.Config;
using OrgSync.Aws.Sdk;
using OrgSync.Core.Aggregators;

namespace OrgSync.Aws.Tests.Support;

/// <summary>
/// AWS Config reads that only tests make (OrgSync itself never lists aggregators, recorders or authorizations):
/// through the client's own pipeline, so they are signed and answered like its operations.
/// </summary>
internal static class ConfigServiceClientInspection
{
    private const string Service = "config";
    private const string TargetPrefix = "StarlingDoveService";

    private static readonly ServiceOperation DescribeAggregators = ServiceOperation.AwsJson11(Service, TargetPrefix, "DescribeConfigurationAggregators");

    private static readonly OperationUnmarshaller<DescribeConfigurationRecordersResponse> DescribeRecorders =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "DescribeConfigurationRecorders"), InspectionJsonContext.Default.DescribeConfigurationRecordersResponse);

    private static readonly OperationUnmarshaller<DescribeAggregationAuthorizationsResponse> DescribeAuthorizations =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "DescribeAggregationAuthorizations"), InspectionJsonContext.Default.DescribeAggregationAuthorizationsResponse);

    /// <summary>Every aggregator of the account in this Region, walking all pages.</summary>
    public static Task<ImmutableArray<ConfigurationAggregator>> DescribeAllConfigurationAggregatorsAsync(this ConfigServiceClient client, CancellationToken cancellationToken) =>
        client.DescribeAllConfigurationAggregatorsAsync(pageSize: null, cancellationToken);

    /// <param name="pageSize">The <c>Limit</c> of each page (1–100); null: the service's default, its maximum.</param>
    public static Task<ImmutableArray<ConfigurationAggregator>> DescribeAllConfigurationAggregatorsAsync(this ConfigServiceClient client, int? pageSize, CancellationToken cancellationToken) =>
        Pagination.AllAsync(
            DescribeAggregators,
            (token, ct) => client.DescribeConfigurationAggregatorsAsync(new() { NextToken = token, Limit = pageSize }, ct),
            page => page.ConfigurationAggregators,
            page => page.NextToken,
            cancellationToken);

    public static async Task<ImmutableArray<ConfigurationRecorder>> DescribeConfigurationRecordersAsync(
        this ConfigServiceClient client, DescribeConfigurationRecordersRequest request, CancellationToken cancellationToken)
    {
        var body = OrgSyncServiceClient.Serialize(request, InspectionJsonContext.Default.DescribeConfigurationRecordersRequest);
        var response = await client.SendAsync(DescribeRecorders, new(DescribeRecorders.Operation) { Body = body }, cancellationToken);
        return response?.ConfigurationRecorders ?? [];
    }

    /// <summary>One page of <c>DescribeAggregationAuthorizations</c>: the authorizations this account granted in this Region.</summary>
    public static async Task<DescribeAggregationAuthorizationsResponse> DescribeAggregationAuthorizationsAsync(
        this ConfigServiceClient client, DescribeAggregationAuthorizationsRequest request, CancellationToken cancellationToken)
    {
        var body = OrgSyncServiceClient.Serialize(request, InspectionJsonContext.Default.DescribeAggregationAuthorizationsRequest);
        return await client.SendAsync(DescribeAuthorizations, new(DescribeAuthorizations.Operation) { Body = body }, cancellationToken)
            ?? new DescribeAggregationAuthorizationsResponse();
    }

    /// <summary>Every authorization this account granted in this Region, walking all pages.</summary>
    /// <param name="pageSize">The <c>Limit</c> of each page (1–100); null: the service's default, its maximum.</param>
    public static Task<ImmutableArray<AggregationAuthorization>> DescribeAllAggregationAuthorizationsAsync(
        this ConfigServiceClient client, int? pageSize, CancellationToken cancellationToken) =>
        Pagination.AllAsync(
            DescribeAuthorizations.Operation,
            (token, ct) => client.DescribeAggregationAuthorizationsAsync(new() { NextToken = token, Limit = pageSize }, ct),
            page => page.AggregationAuthorizations,
            page => page.NextToken,
            cancellationToken);
}
