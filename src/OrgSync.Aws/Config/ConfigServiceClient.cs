using System.Collections.Immutable;
using Amazon.Runtime;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Sdk;
using OrgSync.Core.Aggregators;
using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Json;

namespace OrgSync.Aws.Config;

/// <summary>The AWS Config client config: service id <c>Config Service</c>, signing name <c>config</c>, API 2014-11-12.</summary>
public sealed class ConfigServiceConfig() : OrgSyncClientConfig(ServiceEndpoint.Config, "2014-11-12");

/// <summary>
/// AWS Config (awsJson1_1, <c>X-Amz-Target: StarlingDoveService.*</c>), the operations OrgSync uses.
/// Every failure is an <see cref="AwsServiceException"/>.
/// </summary>
public sealed class ConfigServiceClient : OrgSyncServiceClient
{
    private const string Service = "config";
    private const string TargetPrefix = "StarlingDoveService";

    private static readonly OperationUnmarshaller<DescribeConfigurationAggregatorsResponse> DescribeAggregators =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "DescribeConfigurationAggregators"), AwsWireJsonContext.Default.DescribeConfigurationAggregatorsResponse);

    private static readonly OperationUnmarshaller<PutConfigurationAggregatorResponse> PutAggregator =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "PutConfigurationAggregator"), AwsWireJsonContext.Default.PutConfigurationAggregatorResponse);

    private static readonly OperationUnmarshaller<DescribeDeliveryChannelsResponse> DescribeChannels =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "DescribeDeliveryChannels"), AwsWireJsonContext.Default.DescribeDeliveryChannelsResponse);

    private static readonly OperationUnmarshaller<object> PutChannel =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "PutDeliveryChannel"), outputType: null);

    private static readonly OperationUnmarshaller<PutAggregationAuthorizationResponse> PutAuthorization =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "PutAggregationAuthorization"), AwsWireJsonContext.Default.PutAggregationAuthorizationResponse);

    private static readonly OperationUnmarshaller<object> DeleteAuthorization =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "DeleteAggregationAuthorization"), outputType: null);

    private static readonly OperationUnmarshaller<DescribeConfigurationAggregatorSourcesStatusResponse> DescribeSourcesStatus =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "DescribeConfigurationAggregatorSourcesStatus"), AwsWireJsonContext.Default.DescribeConfigurationAggregatorSourcesStatusResponse);

    /// <param name="credentials">Null: the SDK's default credential chain.</param>
    public ConfigServiceClient(AWSCredentials? credentials, ConfigServiceConfig config)
        : base(credentials, config)
    {
    }

    /// <summary>One page of <c>DescribeConfigurationAggregators</c>.</summary>
    public async Task<DescribeConfigurationAggregatorsResponse> DescribeConfigurationAggregatorsAsync(
        DescribeConfigurationAggregatorsRequest request, CancellationToken cancellationToken)
    {
        var body = Serialize(request, AwsWireJsonContext.Default.DescribeConfigurationAggregatorsRequest);
        return await SendAsync(DescribeAggregators, new(DescribeAggregators.Operation) { Body = body }, cancellationToken).ConfigureAwait(false)
            ?? new DescribeConfigurationAggregatorsResponse();
    }

    /// <summary>The named aggregator, or null when it does not exist (<c>NoSuchConfigurationAggregatorException</c>).</summary>
    public async Task<ConfigurationAggregator?> FindConfigurationAggregatorAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var page = await DescribeConfigurationAggregatorsAsync(new() { ConfigurationAggregatorNames = [name] }, cancellationToken).ConfigureAwait(false);
            return page.ConfigurationAggregators?.FirstOrDefault(a => a.ConfigurationAggregatorName == name);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "NoSuchConfigurationAggregatorException")
        {
            return null;
        }
    }

    public async Task<PutConfigurationAggregatorResponse> PutConfigurationAggregatorAsync(
        PutConfigurationAggregatorRequest request, CancellationToken cancellationToken)
    {
        var body = Serialize(request, CoreJsonContext.Default.PutConfigurationAggregatorRequest);
        return await SendAsync(PutAggregator, new(PutAggregator.Operation) { Body = body }, cancellationToken).ConfigureAwait(false)
            ?? new PutConfigurationAggregatorResponse();
    }

    /// <summary>The account's delivery channels in this Region (at most one exists per Region).</summary>
    public async Task<ImmutableArray<DeliveryChannel>> DescribeDeliveryChannelsAsync(
        DescribeDeliveryChannelsRequest request, CancellationToken cancellationToken)
    {
        var body = Serialize(request, AwsWireJsonContext.Default.DescribeDeliveryChannelsRequest);
        var response = await SendAsync(DescribeChannels, new(DescribeChannels.Operation) { Body = body }, cancellationToken).ConfigureAwait(false);
        return response?.DeliveryChannels ?? [];
    }

    /// <summary>Creates or updates the delivery channel (the service answers with an empty body).</summary>
    public Task PutDeliveryChannelAsync(PutDeliveryChannelRequest request, CancellationToken cancellationToken)
    {
        var body = Serialize(request, CoreJsonContext.Default.PutDeliveryChannelRequest);
        return SendAsync(PutChannel, new(PutChannel.Operation) { Body = body }, cancellationToken);
    }

    /// <summary>
    /// <c>PutAggregationAuthorization</c>, called in the source account: lets the aggregator in
    /// <see cref="PutAggregationAuthorizationRequest.AuthorizedAccountId"/> and Region collect from this
    /// account and Region. Idempotent: putting an existing authorization again returns it.
    /// </summary>
    public async Task<PutAggregationAuthorizationResponse> PutAggregationAuthorizationAsync(
        PutAggregationAuthorizationRequest request, CancellationToken cancellationToken)
    {
        var body = Serialize(request, AwsWireJsonContext.Default.PutAggregationAuthorizationRequest);
        return await SendAsync(PutAuthorization, new(PutAuthorization.Operation) { Body = body }, cancellationToken).ConfigureAwait(false)
            ?? new PutAggregationAuthorizationResponse();
    }

    /// <summary><c>DeleteAggregationAuthorization</c>, called in the source account (the service answers with an empty body).</summary>
    public Task DeleteAggregationAuthorizationAsync(DeleteAggregationAuthorizationRequest request, CancellationToken cancellationToken)
    {
        var body = Serialize(request, AwsWireJsonContext.Default.DeleteAggregationAuthorizationRequest);
        return SendAsync(DeleteAuthorization, new(DeleteAuthorization.Operation) { Body = body }, cancellationToken);
    }

    /// <summary>One page of <c>DescribeConfigurationAggregatorSourcesStatus</c>, called in the aggregator's account and Region.</summary>
    public async Task<DescribeConfigurationAggregatorSourcesStatusResponse> DescribeConfigurationAggregatorSourcesStatusAsync(
        DescribeConfigurationAggregatorSourcesStatusRequest request, CancellationToken cancellationToken)
    {
        var body = Serialize(request, AwsWireJsonContext.Default.DescribeConfigurationAggregatorSourcesStatusRequest);
        return await SendAsync(DescribeSourcesStatus, new(DescribeSourcesStatus.Operation) { Body = body }, cancellationToken).ConfigureAwait(false)
            ?? new DescribeConfigurationAggregatorSourcesStatusResponse();
    }

    /// <summary>The status of every source of the aggregator, walking all pages.</summary>
    /// <param name="updateStatus">Only these <see cref="AggregatedSourceStatusType"/> values; null: all.</param>
    /// <param name="pageSize">The <c>Limit</c> of each page (1–100); null: the service's default, its maximum.</param>
    public Task<ImmutableArray<AggregatedSourceStatus>> DescribeAllConfigurationAggregatorSourcesStatusAsync(
        string aggregatorName, ImmutableArray<string>? updateStatus, int? pageSize, CancellationToken cancellationToken) =>
        Pagination.AllAsync(
            DescribeSourcesStatus.Operation,
            (token, ct) => DescribeConfigurationAggregatorSourcesStatusAsync(
                new() { ConfigurationAggregatorName = aggregatorName, UpdateStatus = updateStatus, NextToken = token, Limit = pageSize }, ct),
            page => page.AggregatedSourceStatusList,
            page => page.NextToken,
            cancellationToken);
}
