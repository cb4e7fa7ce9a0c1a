using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using OrgSync.Aws.Errors;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// The response unmarshaller for one operation, plugged into the SDK pipeline through
/// <see cref="JsonResponseUnmarshaller"/>: the body is deserialized whole with System.Text.Json
/// source generation (<paramref name="outputType"/>), errors become <see cref="AwsServiceException"/>.
/// The base class adds the <c>x-amzn-RequestId</c> header to both.
/// </summary>
/// <param name="outputType">Null for operations without output (an empty body or <c>{}</c> is accepted).</param>
internal sealed class OperationUnmarshaller<TOutput>(ServiceOperation operation, JsonTypeInfo<TOutput>? outputType)
    : JsonResponseUnmarshaller
{
    public ServiceOperation Operation { get; } = operation;

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        var body = ReadAll(input.Stream);
        var output = outputType is null || body.Length == 0 ? default : JsonSerializer.Deserialize(body, outputType);
        return new OperationResponse<TOutput> { Output = output };
    }

    public override AmazonServiceException UnmarshallException(
        JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        var body = ReadAll(input.Stream);
        var (code, message) = ErrorResponseParser.Parse(
            Operation.Protocol, input.ResponseData.GetHeaderValue(ErrorResponseParser.ErrorTypeHeader), body, statusCode);
        return new AwsServiceException(
            Operation.Service, Operation.Name, code, message, statusCode, RequestIdOf(input.ResponseData), innerException);
    }

    internal static string? RequestIdOf(IWebResponseData response)
    {
        var id = response.GetHeaderValue("x-amzn-RequestId");
        return string.IsNullOrEmpty(id) ? response.GetHeaderValue("x-amz-request-id") : id;
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
