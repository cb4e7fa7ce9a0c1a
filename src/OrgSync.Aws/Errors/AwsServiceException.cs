using System.Net;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Errors;

/// <summary>
/// Every failure of an OrgSync AWS call, whatever the wire format or the layer it came from
/// (service error response, timeout, broken connection, STS): one type with the sanitized error
/// code, HTTP status (0 when no response arrived), request id, service, operation and how to treat
/// it. Derives from the SDK's <see cref="AmazonServiceException"/> so that the SDK pipeline (clock
/// skew detection, logging, metrics) sees the same code and status we do.
/// </summary>
public sealed partial class AwsServiceException : AmazonServiceException
{
    public AwsServiceException(
        string service,
        string operation,
        string errorCode,
        string message,
        HttpStatusCode statusCode,
        string? requestId,
        Exception? innerException = null)
        : base(message, innerException, ErrorTypeOf(statusCode), errorCode, requestId, statusCode)
    {
        Service = service;
        Operation = operation;
        FailureKind = AwsFailureClassifier.Classify(service, operation, errorCode, message, (int)statusCode);
    }

    public AwsServiceException()
        : this("unknown", "unknown", "Unknown", "unknown AWS failure", 0, null)
    {
    }

    public AwsServiceException(string message)
        : this("unknown", "unknown", "Unknown", message, 0, null)
    {
    }

    public AwsServiceException(string message, Exception innerException)
        : this("unknown", "unknown", "Unknown", message, 0, null, innerException)
    {
    }

    /// <summary>The SigV4 signing name: <c>config</c>, <c>imagebuilder</c>, <c>sts</c>, <c>organizations</c>, <c>iam</c>, <c>events</c>, <c>states</c>, <c>sqs</c>.</summary>
    public string Service { get; }

    /// <summary>The API operation, e.g. <c>PutConfigurationAggregator</c>.</summary>
    public string Operation { get; }

    public FailureKind FailureKind { get; }

    /// <summary>True when the failure should be retried inside the current invocation (see <see cref="AwsFailureClassifier.RetryWithinInvocation(string, string, FailureKind, string?)"/>).</summary>
    public bool RetryWithinInvocation => AwsFailureClassifier.RetryWithinInvocation(Service, Operation, FailureKind, ErrorCode);

    /// <summary>
    /// True for an access denial caused by an explicit deny in a service control policy
    /// (<see cref="AwsFailureClassifier.IsServiceControlPolicyDeny"/>): permanent, never retried inside the
    /// invocation; a reason should name the SCP deny and <see cref="DeniedAction"/>.
    /// </summary>
    public bool IsServiceControlPolicyDeny => AwsFailureClassifier.IsServiceControlPolicyDeny(ErrorCode, Message);

    /// <summary>
    /// The IAM action that was refused: the one AWS names in the message ("… is not authorized to
    /// perform: <c>config:PutDeliveryChannel</c> …"), else <c>{service}:{operation}</c> (the signing
    /// name is the action prefix for every OrgSync service).
    /// </summary>
    public string DeniedAction => DeniedActionPattern().Match(Message ?? string.Empty) is { Success: true } match
        ? match.Groups["action"].Value
        : $"{Service}:{Operation}";

    /// <summary>One line for logs and failure reasons: never contains credentials or request bodies.</summary>
    public string Describe() => Describe(includeRequestId: true);

    /// <param name="includeRequestId">
    /// False for an expected condition whose reason must read the same on every delivery (a dead letter keeps the
    /// last one): the request id differs per call and is only worth quoting to AWS Support for an unexpected failure.
    /// </param>
    public string Describe(bool includeRequestId)
    {
        var status = StatusCode == 0 ? "no response" : $"HTTP {(int)StatusCode}";
        var request = !includeRequestId || string.IsNullOrEmpty(RequestId) ? string.Empty : $", request id {RequestId}";
        var message = string.IsNullOrWhiteSpace(Message) ? string.Empty : $": {Message}";
        return $"{Service}.{Operation} failed with {ErrorCode} ({status}{request}, {FailureKind.ToString().ToLowerInvariant()}){message}";
    }

    private static ErrorType ErrorTypeOf(HttpStatusCode statusCode) => (int)statusCode switch
    {
        >= 500 => ErrorType.Receiver,
        >= 400 => ErrorType.Sender,
        _ => ErrorType.Unknown,
    };

    [GeneratedRegex(@"not authorized to perform: (?<action>[A-Za-z0-9-]+:[A-Za-z0-9*]+)", RegexOptions.CultureInvariant)]
    private static partial Regex DeniedActionPattern();
}
