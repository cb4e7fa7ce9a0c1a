using System.Collections.Frozen;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Errors;

/// <summary>
/// The one table that turns an AWS error (sanitized code, HTTP status and, for access denials, the
/// message) into a <see cref="FailureKind"/> and decides whether it is retried inside the invocation.
/// Few of OrgSync's errors are modeled as retryable (FACTS §5), so the table follows what the SDKs'
/// standard and legacy retry modes treat as throttling or transient, plus the codes OrgSync itself
/// decides to retry (SPEC §3.3, §3.4, §3.5).
/// </summary>
public static class AwsFailureClassifier
{
    /// <summary>Codes that mean "slow down", whatever the HTTP status.</summary>
    public static FrozenSet<string> ThrottlingCodes { get; } = FrozenSet.ToFrozenSet(
        [
            "ThrottlingException",
            "Throttling",
            "ThrottledException",
            "RequestThrottledException",
            "LimitExceededException", // Config's rate limit (botocore standard mode treats it as throttling)
            "CallRateLimitExceededException", // Image Builder, HTTP 429
            "TooManyRequestsException", // Organizations
            "RequestLimitExceeded",
            "RequestThrottled", // SQS
            "KmsThrottlingException", // Step Functions: KMS throttled the call it made for us
            "ProvisionedThroughputExceededException",
        ],
        StringComparer.Ordinal);

    /// <summary>Codes that are worth retrying although the service answered with a 4xx.</summary>
    public static FrozenSet<string> TransientCodes { get; } = FrozenSet.ToFrozenSet(
        [
            "RequestTimeout",
            "RequestTimeoutException",
            "PriorRequestNotComplete",
            "InternalFailure",
            "ServiceUnavailable",
            "ServiceUnavailableException",
            // Organizations: another request is changing the same entity; "try again later".
            "ConcurrentModificationException",
            // The member account's baseline may still be provisioning its recorder (SPEC §3.3).
            NoAvailableConfigurationRecorder,
            // Image Builder: the distribution configuration is in use by a running build; "retry later".
            ResourceInUse,
            // Assumed-role credentials ran out between the cache check and the call: refresh and retry.
            "ExpiredTokenException",
            "ExpiredToken",
            "RequestExpired",
            // Codes OrgSync gives to failures that never reached a service response.
            ErrorCodes.Timeout,
            ErrorCodes.ConnectionFailure,
            ErrorCodes.UnreadableResponse,
        ],
        StringComparer.Ordinal);

    /// <summary>
    /// Transient codes whose cause takes minutes to clear: the target fails at once and SQS redelivers
    /// the message later, instead of the invocation burning its remaining time on retries.
    /// </summary>
    public static FrozenSet<string> LeftToRedeliveryCodes { get; } = FrozenSet.ToFrozenSet(
        [NoAvailableConfigurationRecorder, ResourceInUse],
        StringComparer.Ordinal);

    /// <summary>The codes of an access denial: <c>AccessDenied</c> (query services: STS, IAM) and <c>AccessDeniedException</c> (JSON services).</summary>
    public static FrozenSet<string> AccessDeniedCodes { get; } = FrozenSet.ToFrozenSet([AccessDenied, "AccessDeniedException"], StringComparer.Ordinal);

    public const string NoAvailableConfigurationRecorder = "NoAvailableConfigurationRecorderException";

    /// <summary>Image Builder: "The resource that you are trying to operate on is currently in use. Review the message details and retry later."</summary>
    public const string ResourceInUse = "ResourceInUseException";

    /// <summary>What STS answers when the caller may not assume the role, or the role does not exist.</summary>
    public const string AccessDenied = "AccessDenied";

    /// <summary>The words AWS puts in an access denial caused by a service control policy (not by an identity or resource policy).</summary>
    public const string ServiceControlPolicyDenyText = "explicit deny in a service control policy";

    /// <summary>
    /// <c>AccessDenied</c> from <c>sts:AssumeRole</c>: the member role may not exist yet (in a brand-new
    /// account StackSets deploy it minutes later). Worth retrying, but not within the invocation.
    /// </summary>
    public static bool IsRoleNotAssumableYet(string service, string operation, string? errorCode) =>
        string.Equals(service, "sts", StringComparison.Ordinal)
        && string.Equals(operation, "AssumeRole", StringComparison.Ordinal)
        && string.Equals(errorCode, AccessDenied, StringComparison.Ordinal);

    /// <summary>
    /// An access denial caused by an explicit deny in a service control policy (AWS: "… is not authorized
    /// to perform: config:PutDeliveryChannel … with an explicit deny in a service control policy"). No
    /// retry can pass it: only a change to the organization's SCPs can (SPEC §3.5).
    /// </summary>
    public static bool IsServiceControlPolicyDeny(string? errorCode, string? message) =>
        errorCode is not null
        && AccessDeniedCodes.Contains(errorCode)
        && message?.Contains(ServiceControlPolicyDenyText, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// <see cref="Classify(string?, int)"/> for a failure of <paramref name="service"/>.<paramref name="operation"/>:
    /// the same table, plus the failures whose meaning depends on the operation (<see cref="IsRoleNotAssumableYet"/>).
    /// </summary>
    public static FailureKind Classify(string service, string operation, string? errorCode, int statusCode) =>
        Classify(service, operation, errorCode, message: null, statusCode);

    /// <summary>
    /// <see cref="Classify(string, string, string?, int)"/> with the error's message: a service control
    /// policy deny (<see cref="IsServiceControlPolicyDeny"/>) is permanent even where an
    /// <c>AccessDenied</c> would otherwise be retried (AssumeRole).
    /// </summary>
    public static FailureKind Classify(string service, string operation, string? errorCode, string? message, int statusCode) =>
        IsServiceControlPolicyDeny(errorCode, message) ? FailureKind.Permanent
        : IsRoleNotAssumableYet(service, operation, errorCode) ? FailureKind.Transient
        : Classify(errorCode, statusCode);

    /// <param name="errorCode">The sanitized code (<see cref="ErrorCodes.Sanitize"/>); null when the response had none.</param>
    /// <param name="statusCode">The HTTP status; 0 when no response arrived.</param>
    public static FailureKind Classify(string? errorCode, int statusCode)
    {
        if (statusCode == 429 || (errorCode is not null && ThrottlingCodes.Contains(errorCode)))
        {
            return FailureKind.Throttling;
        }

        if (statusCode >= 500 || (errorCode is not null && TransientCodes.Contains(errorCode)))
        {
            return FailureKind.Transient;
        }

        return FailureKind.Permanent;
    }

    /// <summary>
    /// Whether a failure should be retried inside the current invocation: throttling and transient
    /// failures are, except those in <see cref="LeftToRedeliveryCodes"/>; permanent ones never are.
    /// </summary>
    public static bool RetryWithinInvocation(FailureKind kind, string? errorCode) =>
        kind != FailureKind.Permanent && (errorCode is null || !LeftToRedeliveryCodes.Contains(errorCode));

    /// <summary>
    /// <see cref="RetryWithinInvocation(FailureKind, string?)"/> for a failure of <paramref name="service"/>.<paramref name="operation"/>:
    /// a role that cannot be assumed yet takes minutes to appear, so it is left to SQS as well.
    /// </summary>
    public static bool RetryWithinInvocation(string service, string operation, FailureKind kind, string? errorCode) =>
        RetryWithinInvocation(kind, errorCode) && !IsRoleNotAssumableYet(service, operation, errorCode);
}
