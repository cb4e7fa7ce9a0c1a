using Amazon.Runtime;

namespace OrgSync.Aws.Sdk;

internal enum WireProtocol
{
    /// <summary>Config, Organizations, EventBridge: <c>POST /</c>, <c>X-Amz-Target</c>, <c>application/x-amz-json-1.1</c>, body always present.</summary>
    AwsJson11,

    /// <summary>Step Functions (and SQS): as <see cref="AwsJson11"/> with <c>application/x-amz-json-1.0</c>.</summary>
    AwsJson10,

    /// <summary>Image Builder: method and path per operation, query members, <c>application/json</c> only with a body.</summary>
    RestJson1,

    /// <summary>
    /// IAM (and STS): <c>POST /</c> with a form body <c>Action=…&amp;Version=…&amp;members</c>, XML responses
    /// and XML errors <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;</c>.
    /// </summary>
    Query,
}

/// <summary>What the marshaller and unmarshallers need to know about one API operation.</summary>
internal sealed record ServiceOperation(
    string Service,
    string Name,
    WireProtocol Protocol,
    string HttpMethod,
    string Path,
    string? TargetPrefix = null,
    string? ApiVersion = null)
{
    public string? Target => TargetPrefix is null ? null : $"{TargetPrefix}.{Name}";

    public static ServiceOperation AwsJson11(string service, string targetPrefix, string name) =>
        new(service, name, WireProtocol.AwsJson11, "POST", "/", targetPrefix);

    public static ServiceOperation AwsJson10(string service, string targetPrefix, string name) =>
        new(service, name, WireProtocol.AwsJson10, "POST", "/", targetPrefix);

    public static ServiceOperation RestJson1(string service, string httpMethod, string name) =>
        new(service, name, WireProtocol.RestJson1, httpMethod, "/" + name);

    public static ServiceOperation Query(string service, string apiVersion, string name) =>
        new(service, name, WireProtocol.Query, "POST", "/", ApiVersion: apiVersion);
}

/// <summary>
/// The request object the SDK pipeline carries from <c>InvokeAsync</c> to the marshaller: the
/// operation plus its already serialized (source-generated) JSON body and query members.
/// </summary>
internal sealed class OperationRequest(ServiceOperation operation) : AmazonWebServiceRequest
{
    public ServiceOperation Operation { get; } = operation;

    /// <summary>UTF-8 JSON; null for an operation without a body (restJson1 GET, the query protocol).</summary>
    public byte[]? Body { get; init; }

    /// <summary>restJson1: the members bound to the URL query. Query protocol: the input members of the form body, flattened (<c>Tags.member.1.Key</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];
}

/// <summary>A successful response and its deserialized output (default when the operation has none).</summary>
internal sealed class OperationResponse<TOutput> : AmazonWebServiceResponse
{
    public TOutput? Output { get; init; }
}
