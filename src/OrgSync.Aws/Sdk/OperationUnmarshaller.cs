using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;

namespace OrgSync.Aws.Sdk;

/// <summary>An operation's response unmarshaller, whatever its protocol: what <see cref="OrgSyncServiceClient"/> sends it through.</summary>
internal interface IOperationUnmarshaller<TOutput>
{
    ServiceOperation Operation { get; }

    /// <summary>This unmarshaller as the SDK pipeline takes it.</summary>
    ResponseUnmarshaller Sdk { get; }
}

/// <summary>
/// The response unmarshaller of a JSON-protocol operation (awsJson1_0, awsJson1_1, restJson1), plugged
/// into the SDK pipeline through <see cref="JsonResponseUnmarshaller"/>: the body is deserialized
/// whole with System.Text.Json source generation (<paramref name="outputType"/>), errors become
/// <see cref="Errors.AwsServiceException"/>. The base class adds the <c>x-amzn-RequestId</c> header to both.
/// </summary>
/// <param name="outputType">Null for operations without output (an empty body or <c>{}</c> is accepted).</param>
internal sealed class OperationUnmarshaller<TOutput>(ServiceOperation operation, JsonTypeInfo<TOutput>? outputType)
    : JsonResponseUnmarshaller, IOperationUnmarshaller<TOutput>
{
    public ServiceOperation Operation { get; } = operation;

    public ResponseUnmarshaller Sdk => this;

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        var body = ResponseBodies.ReadAll(input.Stream);
        var output = outputType is null || body.Length == 0 ? default : JsonSerializer.Deserialize(body, outputType);
        return new OperationResponse<TOutput> { Output = output };
    }

    public override AmazonServiceException UnmarshallException(
        JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode) =>
        ResponseBodies.ToException(Operation, input.ResponseData, ResponseBodies.ReadAll(input.Stream), statusCode, innerException);
}
