using OrgSync.Aws.Errors;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Tests.Errors;

public sealed class FailureClassifierTests
{
    [Theory]
    // throttling: by code whatever the status, and HTTP 429 whatever the code
    [InlineData("ThrottlingException", 400, FailureKind.Throttling)]
    [InlineData("Throttling", 400, FailureKind.Throttling)]
    [InlineData("LimitExceededException", 400, FailureKind.Throttling)]
    [InlineData("CallRateLimitExceededException", 429, FailureKind.Throttling)]
    [InlineData("TooManyRequestsException", 429, FailureKind.Throttling)]
    [InlineData("RequestLimitExceeded", 503, FailureKind.Throttling)]
    [InlineData("SomethingNew", 429, FailureKind.Throttling)]
    [InlineData(null, 429, FailureKind.Throttling)]
    // transient: 5xx, timeouts, connection failures, and the codes OrgSync retries
    [InlineData("InternalFailure", 500, FailureKind.Transient)]
    [InlineData("ServiceException", 500, FailureKind.Transient)]
    [InlineData("ServiceUnavailableException", 503, FailureKind.Transient)]
    [InlineData("502", 502, FailureKind.Transient)]
    [InlineData("RequestTimeout", 0, FailureKind.Transient)]
    [InlineData("ConnectionFailure", 0, FailureKind.Transient)]
    [InlineData("UnreadableResponse", 200, FailureKind.Transient)]
    [InlineData("NoAvailableConfigurationRecorderException", 400, FailureKind.Transient)]
    [InlineData("ExpiredTokenException", 400, FailureKind.Transient)]
    [InlineData("ExpiredToken", 403, FailureKind.Transient)]
    // permanent: everything else
    [InlineData("ValidationException", 400, FailureKind.Permanent)]
    [InlineData("InvalidParameterValueException", 400, FailureKind.Permanent)]
    [InlineData("NoSuchConfigurationAggregatorException", 400, FailureKind.Permanent)]
    [InlineData("MaxNumberOfDeliveryChannelsExceededException", 400, FailureKind.Permanent)]
    [InlineData("IdempotentParameterMismatchException", 400, FailureKind.Permanent)]
    [InlineData("ServiceQuotaExceededException", 402, FailureKind.Permanent)]
    [InlineData("ForbiddenException", 403, FailureKind.Permanent)]
    [InlineData("AccessDenied", 403, FailureKind.Permanent)]
    [InlineData("InvalidSignatureException", 403, FailureKind.Permanent)]
    [InlineData("UnrecognizedClientException", 403, FailureKind.Permanent)]
    [InlineData("RegionDisabledException", 403, FailureKind.Permanent)]
    [InlineData("ResourceNotFoundException", 404, FailureKind.Permanent)]
    [InlineData(null, 400, FailureKind.Permanent)]
    public void Classify(string? code, int status, FailureKind expected) =>
        Assert.Equal(expected, AwsFailureClassifier.Classify(code, status));

    [Theory]
    [InlineData(FailureKind.Throttling, "ThrottlingException", true)]
    [InlineData(FailureKind.Transient, "InternalFailure", true)]
    [InlineData(FailureKind.Transient, "NoAvailableConfigurationRecorderException", false)]
    [InlineData(FailureKind.Permanent, "ValidationException", false)]
    public void Only_quick_to_clear_failures_are_retried_within_the_invocation(FailureKind kind, string code, bool retried) =>
        Assert.Equal(retried, AwsFailureClassifier.RetryWithinInvocation(kind, code));

    [Theory]
    [InlineData("sts", "AssumeRole", "AccessDenied", 403, FailureKind.Transient, false)]
    [InlineData("sts", "AssumeRole", "Throttling", 400, FailureKind.Throttling, true)]
    [InlineData("sts", "AssumeRole", "ExpiredToken", 403, FailureKind.Transient, true)]
    [InlineData("sts", "AssumeRole", "ValidationError", 400, FailureKind.Permanent, false)]
    [InlineData("sts", "GetCallerIdentity", "AccessDenied", 403, FailureKind.Permanent, false)]
    [InlineData("config", "PutDeliveryChannel", "AccessDenied", 403, FailureKind.Permanent, false)]
    [InlineData("config", "PutDeliveryChannel", "NoAvailableConfigurationRecorderException", 400, FailureKind.Transient, false)]
    [InlineData("config", "PutDeliveryChannel", "ThrottlingException", 400, FailureKind.Throttling, true)]
    public void Failures_whose_meaning_depends_on_the_operation(string service, string operation, string code, int status, FailureKind kind, bool retriedWithin)
    {
        var error = new AwsServiceException(service, operation, code, "m", (System.Net.HttpStatusCode)status, null);

        Assert.Equal(kind, AwsFailureClassifier.Classify(service, operation, code, status));
        Assert.Equal((kind, retriedWithin), (error.FailureKind, error.RetryWithinInvocation));
    }

    [Theory]
    [InlineData("FooError", "FooError")]
    [InlineData("aws.protocoltests.restjson#FooError", "FooError")]
    [InlineData("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError")]
    [InlineData("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError")]
    [InlineData("a#b#FooError", "FooError")]
    [InlineData("  ", null)]
    [InlineData(null, null)]
    public void Error_identifiers_are_sanitized_as_Smithy_says(string? raw, string? expected) =>
        Assert.Equal(expected, ErrorCodes.Sanitize(raw));
}
