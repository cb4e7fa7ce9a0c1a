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
}
