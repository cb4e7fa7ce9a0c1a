using System.Collections.Immutable;
using Amazon.Runtime;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Sdk;
using OrgSync.Core.Distributions;
using OrgSync.Core.Json;

namespace OrgSync.Aws.Imagebuilder;

/// <summary>The EC2 Image Builder client config: service id <c>imagebuilder</c>, signing name <c>imagebuilder</c>, API 2019-12-02.</summary>
public sealed class ImagebuilderConfig() : OrgSyncClientConfig(ServiceEndpoint.Imagebuilder, "2019-12-02");

/// <summary>
/// EC2 Image Builder (restJson1), the distribution-configuration operations OrgSync uses.
/// Every failure is an <see cref="AwsServiceException"/>.
/// </summary>
public sealed class ImagebuilderClient : OrgSyncServiceClient
{
    private const string Service = "imagebuilder";

    private static readonly OperationUnmarshaller<GetDistributionConfigurationResponse> Get =
        new(ServiceOperation.RestJson1(Service, "GET", "GetDistributionConfiguration"), AwsWireJsonContext.Default.GetDistributionConfigurationResponse);

    private static readonly OperationUnmarshaller<UpdateDistributionConfigurationResponse> Update =
        new(ServiceOperation.RestJson1(Service, "PUT", "UpdateDistributionConfiguration"), AwsWireJsonContext.Default.UpdateDistributionConfigurationResponse);

    private static readonly OperationUnmarshaller<ListDistributionConfigurationsResponse> List =
        new(ServiceOperation.RestJson1(Service, "POST", "ListDistributionConfigurations"), AwsWireJsonContext.Default.ListDistributionConfigurationsResponse);

    /// <param name="credentials">Null: the SDK's default credential chain.</param>
    public ImagebuilderClient(AWSCredentials? credentials, ImagebuilderConfig config)
        : base(credentials, config)
    {
    }

    /// <summary><c>GET /GetDistributionConfiguration?distributionConfigurationArn=…</c> (no body, no Content-Type).</summary>
    public async Task<GetDistributionConfigurationResponse> GetDistributionConfigurationAsync(string arn, CancellationToken cancellationToken)
    {
        var request = new OperationRequest(Get.Operation) { Query = [new("distributionConfigurationArn", arn)] };
        return await SendAsync(Get, request, cancellationToken).ConfigureAwait(false) ?? new GetDistributionConfigurationResponse();
    }

    /// <summary><c>PUT /UpdateDistributionConfiguration</c>: replaces description and the whole distributions list.</summary>
    public async Task<UpdateDistributionConfigurationResponse> UpdateDistributionConfigurationAsync(
        UpdateDistributionConfigurationRequest request, CancellationToken cancellationToken)
    {
        var body = Serialize(request, CoreJsonContext.Default.UpdateDistributionConfigurationRequest);
        return await SendAsync(Update, new(Update.Operation) { Body = body }, cancellationToken).ConfigureAwait(false)
            ?? new UpdateDistributionConfigurationResponse();
    }

    /// <summary>One page of <c>POST /ListDistributionConfigurations</c>.</summary>
    public async Task<ListDistributionConfigurationsResponse> ListDistributionConfigurationsAsync(
        ListDistributionConfigurationsRequest request, CancellationToken cancellationToken)
    {
        var body = Serialize(request, AwsWireJsonContext.Default.ListDistributionConfigurationsRequest);
        return await SendAsync(List, new(List.Operation) { Body = body }, cancellationToken).ConfigureAwait(false)
            ?? new ListDistributionConfigurationsResponse();
    }

    /// <summary>Every distribution configuration summary in this Region, walking all pages.</summary>
    public Task<ImmutableArray<DistributionConfigurationSummary>> ListAllDistributionConfigurationsAsync(
        ImmutableArray<ListFilter>? filters, CancellationToken cancellationToken) =>
        ListAllDistributionConfigurationsAsync(filters, pageSize: null, cancellationToken);

    /// <summary>Every distribution configuration summary in this Region, walking all pages.</summary>
    /// <param name="pageSize">The <c>maxResults</c> of each page (1–25); null: the service's default.</param>
    public Task<ImmutableArray<DistributionConfigurationSummary>> ListAllDistributionConfigurationsAsync(
        ImmutableArray<ListFilter>? filters, int? pageSize, CancellationToken cancellationToken) =>
        Pagination.AllAsync(
            List.Operation,
            (token, ct) => ListDistributionConfigurationsAsync(new() { Filters = filters, NextToken = token, MaxResults = pageSize }, ct),
            page => page.DistributionConfigurationSummaryList,
            page => page.NextToken,
            cancellationToken);
}
