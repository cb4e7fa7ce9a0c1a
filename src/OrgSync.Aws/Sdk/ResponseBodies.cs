using System.Net;
using Amazon.Runtime.Internal.Transform;
using OrgSync.Aws.Errors;

namespace OrgSync.Aws.Sdk;

/// <summary>What every unmarshaller does with a response whatever its protocol: read the body, find the request id, turn an error into <see cref="AwsServiceException"/>.</summary>
internal static class ResponseBodies
{
    public static AwsServiceException ToException(
        ServiceOperation operation, IWebResponseData response, byte[] body, HttpStatusCode statusCode, Exception innerException)
    {
        var error = ErrorResponseParser.Parse(operation.Protocol, response.GetHeaderValue(ErrorResponseParser.ErrorTypeHeader), body, statusCode);
        return new AwsServiceException(
            operation.Service, operation.Name, error.Code, error.Message, statusCode, RequestIdOf(response) ?? error.RequestId, innerException);
    }

    /// <summary>The request id from the headers (<c>x-amzn-RequestId</c>, else <c>x-amz-request-id</c>); null when neither is sent.</summary>
    public static string? RequestIdOf(IWebResponseData response)
    {
        var id = response.GetHeaderValue("x-amzn-RequestId");
        id = string.IsNullOrEmpty(id) ? response.GetHeaderValue("x-amz-request-id") : id;
        return string.IsNullOrEmpty(id) ? null : id;
    }

    public static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
