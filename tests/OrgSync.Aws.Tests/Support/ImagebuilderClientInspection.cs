using System.Collections.Immutable;
using OrgSync.Aws.Imagebuilder;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.Tests.Support;

/// <summary>
/// Image Builder's listing, which only tests use (OrgSync reads each configured distribution configuration by
/// ARN): through the client's own pipeline, so it is signed and answered like its operations.
/// </summary>
internal static class ImagebuilderClientInspection
{
    private static readonly OperationUnmarshaller<ListDistributionConfigurationsResponse> List =
        new(ServiceOperation.RestJson1("imagebuilder", "POST", "ListDistributionConfigurations"), InspectionJsonContext.Default.ListDistributionConfigurationsResponse);

    /// <summary>One page of <c>POST /ListDistributionConfigurations</c>.</summary>
    public static async Task<ListDistributionConfigurationsResponse> ListDistributionConfigurationsAsync(
        this ImagebuilderClient client, ListDistributionConfigurationsRequest request, CancellationToken cancellationToken)
    {
        var body = OrgSyncServiceClient.Serialize(request, InspectionJsonContext.Default.ListDistributionConfigurationsRequest);
        return await client.SendAsync(List, new(List.Operation) { Body = body }, cancellationToken)
            ?? new ListDistributionConfigurationsResponse();
    }

    /// <summary>Every distribution configuration summary in this Region, walking all pages.</summary>
    public static Task<ImmutableArray<DistributionConfigurationSummary>> ListAllDistributionConfigurationsAsync(
        this ImagebuilderClient client, ImmutableArray<ListFilter>? filters, CancellationToken cancellationToken) =>
        client.ListAllDistributionConfigurationsAsync(filters, pageSize: null, cancellationToken);

    /// <param name="pageSize">The <c>maxResults</c> of each page (1–25); null: the service's default.</param>
    public static Task<ImmutableArray<DistributionConfigurationSummary>> ListAllDistributionConfigurationsAsync(
        this ImagebuilderClient client, ImmutableArray<ListFilter>? filters, int? pageSize, CancellationToken cancellationToken) =>
        Pagination.AllAsync(
            List.Operation,
            (token, ct) => client.ListDistributionConfigurationsAsync(new() { Filters = filters, NextToken = token, MaxResults = pageSize }, ct),
            page => page.DistributionConfigurationSummaryList,
            page => page.NextToken,
            cancellationToken);
}
