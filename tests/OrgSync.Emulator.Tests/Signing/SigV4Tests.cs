using OrgSync.Tests.Shared;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Signing;

public sealed class SigV4Tests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private AwsEmulator Emulator => fixture.Emulator;

    [Fact]
    public async Task A_wrong_secret_is_InvalidSignatureException_or_SignatureDoesNotMatch_for_STS()
    {
        using var client = new SignedClient(Emulator, Emulator.Credentials.AccessKeyId, "not-the-secret");
        var config = await client.Config("DescribeConfigurationAggregators", "{}");
        config.ShouldFail(400, "InvalidSignatureException");
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", config.ErrorMessage);
        Assert.Contains("The Canonical String for this request should have been", config.ErrorMessage);
        (await client.GetDistribution(TestState.GoldenArn)).ShouldFail(403, "InvalidSignatureException");
        var sts = await client.Sts("GetCallerIdentity");
        sts.ShouldFail(403, "SignatureDoesNotMatch");
        Assert.Equal("Sender", sts.Xml.Descendants().Single(e => e.Name.LocalName == "Type").Value);
    }

    [Fact]
    public async Task An_unknown_key_is_UnrecognizedClientException_or_InvalidClientTokenId_for_STS()
    {
        using var client = new SignedClient(Emulator, "AKIAUNKNOWNKEY000000", "whatever");
        var config = await client.Config("DescribeConfigurationAggregators", "{}");
        config.ShouldFail(400, "UnrecognizedClientException");
        Assert.Equal("The security token included in the request is invalid.", config.ErrorMessage);
        (await client.GetDistribution(TestState.GoldenArn)).ShouldFail(403, "UnrecognizedClientException");
        (await client.Sts("GetCallerIdentity")).ShouldFail(403, "InvalidClientTokenId");
    }

    [Fact]
    public async Task A_tampered_body_no_longer_matches_its_signature()
    {
        using var client = SignedClient.Home(Emulator);
        var result = await client.SendAsync("config", HttpMethod.Post, "/", null, "{}", "application/x-amz-json-1.1",
            new() { ["X-Amz-Target"] = "StarlingDoveService.DescribeConfigurationAggregators" },
            message => message.Content = new StringContent("""{"Limit":1}""", System.Text.Encoding.UTF8, "application/x-amz-json-1.1"));
        result.ShouldFail(400, "InvalidSignatureException");
    }

    [Fact]
    public async Task A_request_signed_more_than_15_minutes_off_has_an_expired_signature()
    {
        using var late = new SignedClient(Emulator, Emulator.Credentials.AccessKeyId, Emulator.Credentials.SecretAccessKey) { SignedAt = DateTime.UtcNow.AddMinutes(-20) };
        var config = await late.Config("DescribeConfigurationAggregators", "{}");
        config.ShouldFail(400, "InvalidSignatureException");
        Assert.Matches(@"^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$", config.ErrorMessage);
        (await late.Sts("GetCallerIdentity")).ShouldFail(403, "SignatureDoesNotMatch");

        using var early = new SignedClient(Emulator, Emulator.Credentials.AccessKeyId, Emulator.Credentials.SecretAccessKey) { SignedAt = DateTime.UtcNow.AddMinutes(20) };
        var future = await early.Config("DescribeConfigurationAggregators", "{}");
        future.ShouldFail(400, "InvalidSignatureException");
        Assert.StartsWith("Signature not yet current:", future.ErrorMessage);

        using var slightlyOff = new SignedClient(Emulator, Emulator.Credentials.AccessKeyId, Emulator.Credentials.SecretAccessKey) { SignedAt = DateTime.UtcNow.AddMinutes(-10) };
        (await slightlyOff.Config("DescribeConfigurationAggregators", "{}")).ShouldSucceed();
    }

    [Fact]
    public async Task A_request_without_authentication_is_MissingAuthenticationToken()
    {
        var (config, imageBuilder, sts) = await SendUnsignedAsync(authorization: null);

        config.ShouldFail(400, "MissingAuthenticationTokenException");
        imageBuilder.ShouldFail(403, "MissingAuthenticationTokenException");
        sts.ShouldFail(403, "MissingAuthenticationToken");
    }

    [Fact]
    public async Task A_malformed_Authorization_header_is_IncompleteSignature_in_each_protocol()
    {
        var (config, imageBuilder, sts) = await SendUnsignedAsync("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/config/aws4_request");

        config.ShouldFail(400, "IncompleteSignatureException");
        Assert.Contains("'SignedHeaders'", config.ErrorMessage);
        imageBuilder.ShouldFail(403, "IncompleteSignatureException");
        sts.ShouldFail(400, "IncompleteSignature");
    }

    [Fact]
    public async Task Assumed_role_credentials_need_their_session_token_and_expire()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await TestState.StartAsync(new EmulatorOptions { TimeProvider = clock });
        using var home = SignedClient.Home(emulator);
        using var member = await home.AssumeRoleAsync($"arn:aws:iam::{TestState.Member}:role/OrgSyncMemberRole", durationSeconds: 900);
        (await member.Config("DescribeDeliveryChannels", "{}")).ShouldSucceed();

        using var withoutToken = new SignedClient(emulator, member.AccessKeyId, member.SecretAccessKey);
        (await withoutToken.Config("DescribeDeliveryChannels", "{}")).ShouldFail(400, "UnrecognizedClientException");

        clock.Advance(TimeSpan.FromSeconds(901));
        var expired = await member.Config("DescribeDeliveryChannels", "{}");
        expired.ShouldFail(400, "ExpiredTokenException");
        Assert.Equal("The security token included in the request is expired", expired.ErrorMessage);
        (await member.GetDistribution(TestState.GoldenArn)).ShouldFail(403, "ExpiredTokenException");
        (await member.Sts("GetCallerIdentity")).ShouldFail(403, "ExpiredToken");
    }

    [Fact]
    public async Task The_official_dotnet_STS_client_signs_and_parses_through_the_emulator()
    {
        var credentials = new BasicAWSCredentials(Emulator.Credentials.AccessKeyId, Emulator.Credentials.SecretAccessKey);
        using var sts = new AmazonSecurityTokenServiceClient(credentials, new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = Emulator.Endpoint,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(TestState.Home, identity.Account);

        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{TestState.Other}:role/Audit", RoleSessionName = "dotnet", DurationSeconds = 1800 });
        Assert.StartsWith("ASIA", assumed.Credentials.AccessKeyId);
        Assert.InRange(assumed.Credentials.Expiration!.Value, DateTime.UtcNow.AddMinutes(29), DateTime.UtcNow.AddMinutes(31));
        Assert.Equal($"arn:aws:sts::{TestState.Other}:assumed-role/Audit/dotnet", assumed.AssumedRoleUser.Arn);

        using var asOther = new AmazonSecurityTokenServiceClient(
            new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken),
            new AmazonSecurityTokenServiceConfig { ServiceURL = Emulator.Endpoint, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        Assert.Equal(TestState.Other, (await asOther.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Account);

        var chained = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            asOther.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{TestState.Member}:role/X", RoleSessionName = "chain", DurationSeconds = 7200 }));
        Assert.Equal("ValidationError", chained.ErrorCode);

        var invalid = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::12345:role/Short", RoleSessionName = "x1" }));
        Assert.Equal("ValidationError", invalid.ErrorCode);
    }

    /// <summary>One call to each service without a valid signature: no Authorization header, or the one given.</summary>
    private async Task<(ApiResult Config, ApiResult ImageBuilder, ApiResult Sts)> SendUnsignedAsync(string? authorization)
    {
        using var http = new HttpClient();
        using var config = new HttpRequestMessage(HttpMethod.Post, Emulator.BaseAddress) { Content = new StringContent("{}") };
        config.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        config.Headers.Add("X-Amz-Target", "StarlingDoveService.DescribeConfigurationAggregators");
        using var imageBuilder = new HttpRequestMessage(HttpMethod.Get, new Uri(Emulator.BaseAddress, "/GetDistributionConfiguration?distributionConfigurationArn=x"));
        using var sts = new HttpRequestMessage(HttpMethod.Post, Emulator.BaseAddress)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "GetCallerIdentity", ["Version"] = "2011-06-15" }),
        };
        var results = new List<ApiResult>();
        foreach (var request in new[] { config, imageBuilder, sts })
        {
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            results.Add(await SignedClient.ReadAsync(await http.SendAsync(request)));
        }

        return (results[0], results[1], results[2]);
    }
}
