using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Util;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// The request marshaller for every protocol: turns an <see cref="OperationRequest"/> into the
/// SDK's <see cref="IRequest"/> (method, resource path, query, headers, body). Endpoint, signing,
/// user agent and retries are added by the pipeline after this step.
/// </summary>
internal sealed class OperationMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public const string AwsJson11ContentType = "application/x-amz-json-1.1";
    public const string AwsJson10ContentType = "application/x-amz-json-1.0";
    public const string RestJsonContentType = "application/json";
    public const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

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
            case WireProtocol.AwsJson11 or WireProtocol.AwsJson10:
                request.Headers["X-Amz-Target"] = operation.Target;
                request.Headers["Content-Type"] = operation.Protocol == WireProtocol.AwsJson10 ? AwsJson10ContentType : AwsJson11ContentType;
                // awsJson1_x requires a body even when the operation has no input members.
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

            case WireProtocol.Query:
                // The body is written here rather than left to the SDK, so that its bytes (and the
                // signed payload hash) do not depend on how the SDK orders or encodes parameters.
                request.Headers["Content-Type"] = FormContentType;
                request.Content = FormBody(operation, call.Query);
                break;

            default:
                throw new InvalidOperationException($"unknown protocol {operation.Protocol}");
        }

        return request;
    }

    /// <summary><c>Action=…&amp;Version=…</c> then the members in the given order, RFC 3986 percent-encoded as SigV4 expects.</summary>
    internal static byte[] FormBody(ServiceOperation operation, IReadOnlyList<KeyValuePair<string, string>> members)
    {
        var form = new StringBuilder()
            .Append("Action=").Append(AWSSDKUtils.UrlEncode(operation.Name, false))
            .Append("&Version=").Append(AWSSDKUtils.UrlEncode(operation.ApiVersion ?? throw new InvalidOperationException($"{operation.Name}: the query protocol needs an API version"), false));
        foreach (var (name, value) in members)
        {
            form.Append('&').Append(AWSSDKUtils.UrlEncode(name, false)).Append('=').Append(AWSSDKUtils.UrlEncode(value, false));
        }

        return Encoding.UTF8.GetBytes(form.ToString());
    }
}
