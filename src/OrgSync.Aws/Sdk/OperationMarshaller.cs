using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// The request marshaller for both protocols: turns an <see cref="OperationRequest"/> into the
/// SDK's <see cref="IRequest"/> (method, resource path, query, headers, body). Endpoint, signing,
/// user agent and retries are added by the pipeline after this step.
/// </summary>
internal sealed class OperationMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public const string AwsJson11ContentType = "application/x-amz-json-1.1";
    public const string RestJsonContentType = "application/json";

    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    public static OperationMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        var call = (OperationRequest)input;
        var operation = call.Operation;
        var request = new DefaultRequest(call, "OrgSync." + operation.Service)
        {
            HttpMethod = operation.HttpMethod,
            ResourcePath = operation.Path,
        };

        switch (operation.Protocol)
        {
            case WireProtocol.AwsJson11:
                request.Headers["X-Amz-Target"] = operation.Target;
                request.Headers["Content-Type"] = AwsJson11ContentType;
                // awsJson1_1 requires a body even when the operation has no input members.
                request.Content = call.Body ?? EmptyObject;
                break;

            case WireProtocol.RestJson1:
                foreach (var (name, value) in call.Query)
                {
                    request.Parameters.Add(name, value);
                }

                // Query members travel in the URL (percent-encoded by the SDK), never in a form body.
                request.UseQueryString = call.Query.Count > 0;
                if (call.Body is not null)
                {
                    request.Headers["Content-Type"] = RestJsonContentType;
                    request.Content = call.Body;
                }

                break;

            default:
                throw new InvalidOperationException($"unknown protocol {operation.Protocol}");
        }

        return request;
    }
}
