using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using OrgSync.Aws.Errors;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// Base of the OrgSync service clients: an <see cref="AmazonServiceClient"/> whose pipeline is
/// customized the way generated v4 clients customize theirs (endpoint resolver and SigV4 auth
/// scheme handler after the marshaller), plus <see cref="ClockSkewOnlyRetryPolicy"/>. Requests go
/// through the SDK's <c>InvokeAsync</c>, so signing, credential resolution (explicit, or the
/// default chain), clock-skew correction, HTTP and error handling are the SDK's own.
/// </summary>
public abstract class OrgSyncServiceClient : AmazonServiceClient
{
    private IServiceMetadata? _metadata;

    /// <param name="credentials">Null: the SDK's default credential chain (environment, profile, container, instance...).</param>
    protected OrgSyncServiceClient(AWSCredentials? credentials, OrgSyncClientConfig config)
        : base(credentials, config)
    {
    }

    public new OrgSyncClientConfig Config => (OrgSyncClientConfig)base.Config;

    /// <summary>The signing region of this client.</summary>
    public string Region => Config.AuthenticationRegion ?? Config.RegionEndpoint?.SystemName ?? "unknown";

    // Lazy: the base constructor may already ask while building the pipeline.
    protected override IServiceMetadata ServiceMetadata => _metadata ??= new OrgSyncServiceMetadata(Config.Service.ServiceId);

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        pipeline.RemoveHandler<EndpointResolver>();
        pipeline.AddHandlerAfter<Marshaller>(new OrgSyncEndpointResolver());
        pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthSchemeHandler());
        pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new ClockSkewOnlyRetryPolicy(base.Config)));
    }

    /// <summary>Sends one operation through the SDK pipeline and returns its output (default when it has none).</summary>
    /// <exception cref="AwsServiceException">for every failure except cancellation by <paramref name="cancellationToken"/>.</exception>
    internal async Task<TOutput?> SendAsync<TOutput>(
        IOperationUnmarshaller<TOutput> unmarshaller, OperationRequest request, CancellationToken cancellationToken)
    {
        var options = new InvokeOptions
        {
            RequestMarshaller = OperationMarshaller.Instance,
            ResponseUnmarshaller = unmarshaller.Sdk,
        };

        try
        {
            var response = await InvokeAsync<OperationResponse<TOutput>>(request, options, cancellationToken).ConfigureAwait(false);
            return response.Output;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Translate(request.Operation.Service, request.Operation.Name, exception);
        }
    }

    internal static byte[] Serialize<T>(T body, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);

    /// <summary>Whatever failed on the way (service error, unreadable response, timeout, network, credentials) as one exception type.</summary>
    internal static AwsServiceException Translate(string service, string name, Exception exception) =>
        exception switch
        {
            AwsServiceException known => known,
            _ when Find<AwsServiceException>(exception) is { } inner => inner, // e.g. AssumeRole failing inside credential resolution
            AmazonUnmarshallingException unreadable => new AwsServiceException(
                service, name, ErrorCodes.UnreadableResponse, "the response could not be read: " + unreadable.Message,
                unreadable.StatusCode, unreadable.RequestId, unreadable),
            AmazonServiceException other => new AwsServiceException(
                service, name, ErrorCodes.Sanitize(other.ErrorCode) ?? ((int)other.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
                other.Message, other.StatusCode, other.RequestId, other),
            OperationCanceledException or TimeoutException => new AwsServiceException(
                service, name, ErrorCodes.Timeout, "no response before the request timeout", 0, null, exception),
            _ when Find<HttpRequestException>(exception) is not null || Find<IOException>(exception) is not null => new AwsServiceException(
                service, name, ErrorCodes.ConnectionFailure, "connection failed: " + exception.GetBaseException().Message, 0, null, exception),
            _ => new AwsServiceException(
                service, name, "ClientError", exception.GetBaseException().Message, 0, null, exception),
        };

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    private sealed class OrgSyncServiceMetadata(string serviceId) : IServiceMetadata
    {
        public string ServiceId { get; } = serviceId;

        public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>();
    }
}
