using System.Collections.Frozen;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Errors;

/// <summary>
/// The one table that turns an AWS error (sanitized code and HTTP status) into a
/// <see cref="FailureKind"/>. No Config or Image Builder error is modeled as retryable (FACTS §5),
/// so the table follows what the SDKs' standard and legacy retry modes treat as throttling or
/// transient, plus the codes OrgSync itself decides to retry (SPEC §3.3, §3.4).
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
            "TooManyRequestsException",
            "RequestLimitExceeded",
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
            // The member account's baseline may still be provisioning its recorder (SPEC §3.3).
            NoAvailableConfigurationRecorder,
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

    public const string NoAvailableConfigurationRecorder = "NoAvailableConfigurationRecorderException";

    /// <summary>What STS answers when the caller may not assume the role, or the role does not exist.</summary>
    public const string AccessDenied = "AccessDenied";

    /// <summary>
    /// <c>AccessDenied</c> from <c>sts:AssumeRole</c>: the member role may not exist yet (in a brand-new
    /// account StackSets deploy it minutes later). Worth retrying, but not within the invocation.
    /// </summary>
    public static bool IsRoleNotAssumableYet(string service, string operation, string? errorCode) =>
        string.Equals(service, "sts", StringComparison.Ordinal)
        && string.Equals(operation, "AssumeRole", StringComparison.Ordinal)
        && string.Equals(errorCode, AccessDenied, StringComparison.Ordinal);

    /// <summary>
    /// <see cref="Classify(string?, int)"/> for a failure of <paramref name="service"/>.<paramref name="operation"/>:
    /// the same table, plus the failures whose meaning depends on the operation (<see cref="IsRoleNotAssumableYet"/>).
    /// </summary>
    public static FailureKind Classify(string service, string operation, string? errorCode, int statusCode) =>
        IsRoleNotAssumableYet(service, operation, errorCode) ? FailureKind.Transient : Classify(errorCode, statusCode);

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
    /// Whether a failure should be retried inside the current invocation. A missing configuration
    /// recorder is transient but takes minutes to clear (the account baseline is provisioning), so
    /// it fails the target at once and SQS redelivers the message later instead of the invocation
    /// burning its remaining time on it.
    /// </summary>
    public static bool RetryWithinInvocation(FailureKind kind, string? errorCode) =>
        kind != FailureKind.Permanent && !string.Equals(errorCode, NoAvailableConfigurationRecorder, StringComparison.Ordinal);

    /// <summary>
    /// <see cref="RetryWithinInvocation(FailureKind, string?)"/> for a failure of <paramref name="service"/>.<paramref name="operation"/>:
    /// a role that cannot be assumed yet takes minutes to appear, so it is left to SQS as well.
    /// </summary>
    public static bool RetryWithinInvocation(string service, string operation, FailureKind kind, string? errorCode) =>
        RetryWithinInvocation(kind, errorCode) && !IsRoleNotAssumableYet(service, operation, errorCode);
}
