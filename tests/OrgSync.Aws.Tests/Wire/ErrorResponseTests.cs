using System.Net;
using System.Text;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Sdk;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Tests.Wire;

/// <summary>Error responses in both wire formats (FACTS §4) and failures without a response, each as one <see cref="AwsServiceException"/>.</summary>
public sealed class ErrorResponseTests
{
    private const string Arn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";

    public static TheoryData<string, string?, string, string, string> ConfigErrors => new()
    {
        // header,                 body,                                                                                   expected code,                          expected message
        { "protocol test", null, """{"__type": "InvalidGreeting", "Message": "Hi"}""", "InvalidGreeting", "Hi" },
        { "emulator shape", null, """{"__type":"NoSuchConfigurationAggregatorException","message":"The configuration aggregator does not exist."}""", "NoSuchConfigurationAggregatorException", "The configuration aggregator does not exist." },
        { "shape id with namespace and URI", null, """{"__type":"com.amazonaws.starlingdove#LimitExceededException:http://internal.amazon.com/coral/com.amazon.coral.validate/","message":"slow down"}""", "LimitExceededException", "slow down" },
        { "code member", null, """{"code":"InvalidLimitException","message":"bad limit"}""", "InvalidLimitException", "bad limit" },
        { "header only", "ValidationException", "{}", "ValidationException", "HTTP 400 BadRequest" },
        { "body type wins over header", "SomethingElse", """{"__type":"InvalidNextTokenException"}""", "InvalidNextTokenException", "HTTP 400 BadRequest" },
    };

    [Theory]
    [MemberData(nameof(ConfigErrors))]
    public async Task Config_errors_are_read_from_the_awsJson_body_or_header(string because, string? header, string body, string code, string message)
    {
        _ = because;
        using var clients = TestAws.Factory(Responding(HttpStatusCode.BadRequest, body, "application/x-amz-json-1.1", header, "req-123"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Config("us-east-1").DescribeDeliveryChannelsAsync(new(), CancellationToken.None));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(message, error.Message);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("req-123", error.RequestId);
        Assert.Equal(("config", "DescribeDeliveryChannels"), (error.Service, error.Operation));
    }

    public static TheoryData<int, string?, string, string, FailureKind> ImagebuilderErrors => new()
    {
        { 400, "ResourceAlreadyExistsException", """{"message":"exists"}""", "ResourceAlreadyExistsException", FailureKind.Permanent },
        { 400, "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", """{"Message":"Hi"}""", "FooError", FailureKind.Permanent },
        { 400, null, """{"code":"InvalidRequestException","message":"bad"}""", "InvalidRequestException", FailureKind.Permanent },
        { 400, null, """{"__type":"IdempotentParameterMismatchException","message":"token reused"}""", "IdempotentParameterMismatchException", FailureKind.Permanent },
        { 400, "InvalidRequestException", """{"__type":"Other","code":"AlsoOther"}""", "InvalidRequestException", FailureKind.Permanent },
        { 429, "CallRateLimitExceededException", """{"message":"Rate exceeded"}""", "CallRateLimitExceededException", FailureKind.Throttling },
        { 429, null, string.Empty, "429", FailureKind.Throttling },
        { 503, "ServiceUnavailableException", """{"message":"later"}""", "ServiceUnavailableException", FailureKind.Transient },
        { 500, "ServiceException", """{"message":"boom"}""", "ServiceException", FailureKind.Transient },
        { 502, null, "<html><body>Bad Gateway</body></html>", "502", FailureKind.Transient },
        { 403, "ForbiddenException", """{"message":"no"}""", "ForbiddenException", FailureKind.Permanent },
    };

    [Theory]
    [MemberData(nameof(ImagebuilderErrors))]
    public async Task Imagebuilder_errors_prefer_the_header_then_the_body(int status, string? header, string body, string code, FailureKind kind)
    {
        using var clients = TestAws.Factory(Responding((HttpStatusCode)status, body, "application/json", header, "req-9"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Imagebuilder("us-east-1").GetDistributionConfigurationAsync(Arn, CancellationToken.None));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(kind, error.FailureKind);
        Assert.Equal(status, (int)error.StatusCode);
        Assert.Equal("req-9", error.RequestId);
        Assert.Equal(("imagebuilder", "GetDistributionConfiguration"), (error.Service, error.Operation));
    }

    [Fact]
    public async Task A_connection_failure_is_transient_without_a_status()
    {
        using var clients = TestAws.Factory(new RecordingHandler(_ => throw new HttpRequestException("Connection refused")));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Config("us-east-1").DescribeDeliveryChannelsAsync(new(), CancellationToken.None));

        Assert.Equal(ErrorCodes.ConnectionFailure, error.ErrorCode);
        Assert.Equal(FailureKind.Transient, error.FailureKind);
        Assert.Equal(0, (int)error.StatusCode);
    }

    [Fact]
    public async Task No_response_within_the_request_timeout_is_transient()
    {
        var slow = new SlowHandler(TimeSpan.FromSeconds(30));
        using var clients = new AwsClientFactory(new AwsClientOptions
        {
            Credentials = FakeAws.HomeCredentials,
            HttpClientFactory = new HandlerHttpClientFactory(slow),
            RequestTimeout = TimeSpan.FromMilliseconds(200),
            Environment = _ => null,
        });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Config("us-east-1").DescribeDeliveryChannelsAsync(new(), CancellationToken.None));

        Assert.Equal(ErrorCodes.Timeout, error.ErrorCode);
        Assert.Equal(FailureKind.Transient, error.FailureKind);
    }

    [Fact]
    public async Task A_success_status_with_an_unreadable_body_is_transient()
    {
        using var clients = TestAws.Factory(Responding(HttpStatusCode.OK, """{"DeliveryChannels":[{"name":""", "application/x-amz-json-1.1", null, "req-7"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Config("us-east-1").DescribeDeliveryChannelsAsync(new(), CancellationToken.None));

        Assert.Equal(ErrorCodes.UnreadableResponse, error.ErrorCode);
        Assert.Equal(FailureKind.Transient, error.FailureKind);
        Assert.Equal("req-7", error.RequestId);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_stays_a_cancellation()
    {
        using var clients = TestAws.Factory(new SlowHandler(TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => clients.Config("us-east-1").DescribeDeliveryChannelsAsync(new(), cancel.Token));
    }

    [Fact]
    public async Task The_SDK_does_not_retry_throttling_or_server_errors_itself()
    {
        var fake = new FakeAws();
        fake.Script("DescribeDeliveryChannels", Fault.Throttle);
        fake.Script("GetDistributionConfiguration", Fault.ServerError);
        using var clients = TestAws.Factory(fake);

        var throttled = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Config("us-east-1").DescribeDeliveryChannelsAsync(new(), CancellationToken.None));
        var failed = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Imagebuilder("us-east-1").GetDistributionConfigurationAsync(Arn, CancellationToken.None));

        Assert.Equal(FailureKind.Throttling, throttled.FailureKind);
        Assert.Equal(FailureKind.Transient, failed.FailureKind);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task A_clock_skew_error_is_corrected_and_re_signed_by_the_SDK()
    {
        var serverNow = DateTimeOffset.UtcNow.AddHours(1);
        var calls = 0;
        var handler = new RecordingHandler(_ =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.1") };
            }

            var skewed = new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent("""{"__type":"RequestTimeTooSkewed","message":"The difference between the request time and the server's time is too large."}""", Encoding.UTF8, "application/x-amz-json-1.1"),
            };
            skewed.Headers.Date = serverNow;
            return skewed;
        });
        // A private endpoint: the SDK keeps clock corrections per endpoint, process-wide.
        using var clients = TestAws.Factory(handler, endpointUrl: "http://clock-skew.test:8080");

        await clients.Config("us-east-1").DescribeDeliveryChannelsAsync(new(), CancellationToken.None);

        Assert.Equal(2, handler.Seen.Count);
        var resigned = DateTimeOffset.ParseExact(handler.Seen[1].Request.Headers.GetValues("X-Amz-Date").Single(), "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.InRange(resigned, serverNow.AddMinutes(-2), serverNow.AddMinutes(2));
    }

    [Fact]
    public void Describe_names_service_operation_code_status_request_and_kind()
    {
        var error = new AwsServiceException("config", "PutDeliveryChannel", "NoSuchBucketException", "no bucket", HttpStatusCode.BadRequest, "r-1");

        Assert.Equal(
            "config.PutDeliveryChannel failed with NoSuchBucketException (HTTP 400, request id r-1, permanent): no bucket",
            error.Describe());
    }

    private static RecordingHandler Responding(HttpStatusCode status, string body, string contentType, string? errorType, string requestId) =>
        new(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
            if (errorType is not null)
            {
                response.Headers.Add("X-Amzn-Errortype", errorType);
            }

            response.Headers.Add("x-amzn-RequestId", requestId);
            return response;
        });

    private sealed class SlowHandler(TimeSpan delay) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
