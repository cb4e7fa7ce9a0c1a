using Microsoft.Extensions.Logging;
using OrgSync.Functions.Logging;

namespace OrgSync.Functions.Tests.Logging;

public sealed class SecretScrubberTests
{
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string SessionToken =
        "IQoJb3JpZ2luX2VjEHQaCXVzLWVhc3QtMSJHMEUCIQDExampleExampleExampleExampleExampleExampleAiB5ExampleExampleExampleExampleExampleExample+/Example==";

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "ASIAEXAMPLEEXAMPLE12",
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_SESSION_TOKEN"] = SessionToken,
        ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "container-token-value-123",
        ["AWS_REGION"] = "us-east-1",
        ["_X_AMZN_TRACE_ID"] = "Root=1-5759e988-bd862e3fe1be46a994272793",
    };

    private static SecretScrubber FromEnvironment() =>
        SecretScrubber.FromEnvironment(name => Environment.GetValueOrDefault(name), Environment.Keys);

    [Theory]
    [InlineData("The security token included in the request is invalid: " + SessionToken)]
    [InlineData("credentials " + SecretKey + " rejected")]
    [InlineData("header X-Amz-Security-Token: " + SessionToken)]
    [InlineData("container-token-value-123 was refused")]
    public void The_values_of_secret_environment_variables_never_survive(string text)
    {
        var scrubbed = FromEnvironment().Scrub(text);

        foreach (var (name, value) in Environment)
        {
            if (SecretScrubber.IsSecretName(name))
            {
                Assert.DoesNotContain(value, scrubbed, StringComparison.Ordinal);
            }
        }

        Assert.Contains(SecretScrubber.Mask, scrubbed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws_secret_access_key=abcDEF123/xyz+tail", "abcDEF123")]
    [InlineData("""{"SecretAccessKey": "abcDEF123xyz", "AccessKeyId": "x"}""", "abcDEF123xyz")]
    [InlineData("""{"SessionToken":"FwoGZXIvYXdzEBYaDExampleExampleExample"}""", "FwoGZXIvYXdzEBYaDExampleExampleExample")]
    [InlineData("aws_session_token = short-but-secret", "short-but-secret")]
    [InlineData("password=hunter2hunter2", "hunter2hunter2")]
    [InlineData("Authorization: Bearer-abc.def", "Bearer-abc.def")]
    [InlineData("key AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd in text", "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd")]
    [InlineData("token " + SessionToken + " expired", "IQoJb3JpZ2lu")]
    [InlineData("access key AKIAIOSFODNN7EXAMPLE is not valid", "IOSFODNN7EXAMPLE")]
    public void Secret_shaped_text_is_masked_even_when_the_value_is_not_known(string text, string secret)
    {
        var scrubbed = SecretScrubber.None.Scrub(text);

        Assert.DoesNotContain(secret, scrubbed, StringComparison.Ordinal);
        Assert.Contains(SecretScrubber.Mask, scrubbed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PutConfigurationAggregator on org-aggregator in us-east-1 failed: ThrottlingException (HTTP 400)")]
    [InlineData("clientToken 3f2b9c1e-6a7d-4f58-9c2e-1b2a3c4d5e6f reused")]
    [InlineData("digest 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 matches")]
    [InlineData("account 222222222222 joined aggregator/us-east-1/org")]
    [InlineData("arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden")]
    public void Ordinary_operational_text_is_left_alone(string text)
    {
        Assert.Equal(text, FromEnvironment().Scrub(text));
    }

    [Fact]
    public void Log_lines_carry_no_credentials_whether_in_messages_scopes_or_exceptions()
    {
        var (provider, stdout) = PowertoolsLoggerTests.Create(scrubber: FromEnvironment());
        var logger = provider.CreateLogger("test");

        using (logger.BeginScope(new Dictionary<string, object?> { ["token"] = "aws_session_token=" + SessionToken }))
        {
            logger.LogError(
                new InvalidOperationException($"The request signature we calculated does not match; secret {SecretKey}, token {SessionToken}"),
                "Signing failed for {Secret}",
                SecretKey);
        }

        var line = Assert.Single(stdout.Lines);
        Assert.DoesNotContain(SecretKey, line, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, line, StringComparison.Ordinal);
        Assert.DoesNotContain("IQoJb3JpZ2lu", line, StringComparison.Ordinal);
        Assert.Contains("The request signature we calculated does not match", line, StringComparison.Ordinal);
    }
}
