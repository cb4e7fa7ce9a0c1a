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
    [InlineData("TooManyRequestsException", 400, FailureKind.Throttling)] // Organizations answers it with a 400
    [InlineData("RequestThrottled", 400, FailureKind.Throttling)] // SQS
    [InlineData("KmsThrottlingException", 400, FailureKind.Throttling)] // Step Functions
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
    [InlineData("ResourceInUseException", 400, FailureKind.Transient)] // Image Builder: "currently in use … retry later"
    [InlineData("ConcurrentModificationException", 400, FailureKind.Transient)] // Organizations
    [InlineData("ServiceFailure", 500, FailureKind.Transient)] // IAM
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
    [InlineData("NoSuchEntity", 404, FailureKind.Permanent)] // IAM
    [InlineData("AccountNotFoundException", 400, FailureKind.Permanent)] // Organizations
    [InlineData("AWSOrganizationsNotInUseException", 400, FailureKind.Permanent)]
    [InlineData("TaskTimedOut", 400, FailureKind.Permanent)] // Step Functions
    [InlineData("InvalidToken", 400, FailureKind.Permanent)]
    [InlineData("RepeatedPageToken", 200, FailureKind.Permanent)]
    [InlineData(null, 400, FailureKind.Permanent)]
    public void Classify(string? code, int status, FailureKind expected) =>
        Assert.Equal(expected, AwsFailureClassifier.Classify(code, status));

    [Theory]
    [InlineData(FailureKind.Throttling, "ThrottlingException", true)]
    [InlineData(FailureKind.Transient, "InternalFailure", true)]
    [InlineData(FailureKind.Transient, "NoAvailableConfigurationRecorderException", false)]
    [InlineData(FailureKind.Transient, "ResourceInUseException", false)]
    [InlineData(FailureKind.Transient, "ConcurrentModificationException", true)]
    [InlineData(FailureKind.Throttling, "TooManyRequestsException", true)]
    [InlineData(FailureKind.Transient, null, true)]
    [InlineData(FailureKind.Permanent, "ValidationException", false)]
    public void Only_quick_to_clear_failures_are_retried_within_the_invocation(FailureKind kind, string? code, bool retried) =>
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
    [InlineData("organizations", "ListAccounts", "TooManyRequestsException", 400, FailureKind.Throttling, true)]
    [InlineData("imagebuilder", "UpdateDistributionConfiguration", "ResourceInUseException", 400, FailureKind.Transient, false)]
    [InlineData("iam", "GetRole", "NoSuchEntity", 404, FailureKind.Permanent, false)]
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

    private const string ScpDeny =
        "User: arn:aws:sts::333333333333:assumed-role/OrgSyncMemberRole/orgsync is not authorized to perform: config:PutDeliveryChannel "
        + "on resource: arn:aws:config:us-east-1:333333333333:delivery-channel/default with an explicit deny in a service control policy";

    public static TheoryData<string, string, string, string, bool, string> AccessDenials => new()
    {
        // service, operation, code, message, SCP deny?, denied action
        { "config", "PutDeliveryChannel", "AccessDeniedException", ScpDeny, true, "config:PutDeliveryChannel" },
        { "iam", "GetRole", "AccessDenied", "User: arn:aws:sts::3:assumed-role/R/s is not authorized to perform: iam:GetRole on resource: role x with an explicit deny in a service control policy: arn:aws:organizations::1:policy/o-a1b2c3d4e5/service_control_policy/p-abcd1234", true, "iam:GetRole" },
        { "sts", "AssumeRole", "AccessDenied", "User: arn:aws:sts::1:assumed-role/Fn/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::3:role/R with an explicit deny in a Service Control Policy", true, "sts:AssumeRole" },
        { "imagebuilder", "UpdateDistributionConfiguration", "AccessDeniedException", "explicit deny in a service control policy", true, "imagebuilder:UpdateDistributionConfiguration" },
        // not an SCP: an implicit deny, an identity-policy deny, another code
        { "config", "PutDeliveryChannel", "AccessDeniedException", "User: x is not authorized to perform: config:PutDeliveryChannel because no service control policy allows the config:PutDeliveryChannel action", false, "config:PutDeliveryChannel" },
        { "config", "PutDeliveryChannel", "AccessDeniedException", "User: x is not authorized to perform: config:PutDeliveryChannel with an explicit deny in an identity-based policy", false, "config:PutDeliveryChannel" },
        { "config", "PutDeliveryChannel", "ValidationException", ScpDeny, false, "config:PutDeliveryChannel" },
        { "sts", "AssumeRole", "AccessDenied", "User: x is not authorized to perform: sts:AssumeRole on resource: y", false, "sts:AssumeRole" },
    };

    [Theory]
    [MemberData(nameof(AccessDenials))]
    public void An_explicit_deny_in_a_service_control_policy_is_permanent_and_recognisable(string service, string operation, string code, string message, bool scp, string action)
    {
        var error = new AwsServiceException(service, operation, code, message, System.Net.HttpStatusCode.BadRequest, "r-1");

        Assert.Equal(scp, error.IsServiceControlPolicyDeny);
        Assert.Equal(scp, AwsFailureClassifier.IsServiceControlPolicyDeny(code, message));
        Assert.Equal(action, error.DeniedAction);
        if (scp)
        {
            // even sts:AssumeRole, whose plain AccessDenied is retried later (the role may not exist yet)
            Assert.Equal((FailureKind.Permanent, false), (error.FailureKind, error.RetryWithinInvocation));
        }
    }

    [Fact]
    public void A_plain_AssumeRole_denial_stays_transient_and_left_to_redelivery()
    {
        var error = new AwsServiceException("sts", "AssumeRole", "AccessDenied", "User: x is not authorized to perform: sts:AssumeRole on resource: y", System.Net.HttpStatusCode.Forbidden, null);

        Assert.Equal((FailureKind.Transient, false, false), (error.FailureKind, error.RetryWithinInvocation, error.IsServiceControlPolicyDeny));
    }

    [Fact]
    public void Codes_left_to_redelivery_are_transient()
    {
        Assert.All(AwsFailureClassifier.LeftToRedeliveryCodes, code => Assert.Equal(FailureKind.Transient, AwsFailureClassifier.Classify(code, 400)));
        Assert.Empty(AwsFailureClassifier.ThrottlingCodes.Intersect(AwsFailureClassifier.TransientCodes));
    }
}
