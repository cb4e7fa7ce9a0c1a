using System.Text.Json;
using OrgSync.Functions.Tests.Support;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Tests.Bootstrap;

/// <summary>
/// The end-to-end assertions on the published bootstrap, in one place. The real pipeline answers: the test names
/// the records that must fail, and asserts what the emulator holds afterwards itself.
/// </summary>
internal static class EndToEndExpectations
{
    /// <summary>The fields every log line carries (Powertools for AWS Lambda (.NET) names).</summary>
    public static readonly string[] LogFields = ["level", "message", "timestamp", "service", "cold_start", "function_name", "function_memory_size", "function_version"];

    /// <summary>The fields every log line written during an invocation carries in addition.</summary>
    public static readonly string[] InvocationFields = ["function_arn", "function_request_id", "xray_trace_id"];

    /// <summary>What the sqs function answered for <paramref name="sent"/>: exactly <paramref name="expectedFailures"/> fail.</summary>
    public static void SqsBatchAnswered(SqsEvent sent, InvocationOutcome outcome, IReadOnlyList<JsonElement> stdout, IReadOnlyList<string> expectedFailures)
    {
        Assert.False(outcome.IsError, outcome.BodyText);
        var response = JsonSerializer.Deserialize(outcome.Body, LambdaJsonContext.Default.SqsBatchResponse)!;
        var sentIds = sent.Records.Select(record => record.MessageId).ToHashSet();
        Assert.All(response.BatchItemFailures, failure => Assert.Contains(failure.ItemIdentifier, sentIds));
        Assert.Equal(expectedFailures.Order(), response.BatchItemFailures.Select(failure => failure.ItemIdentifier).Order());

        // Each failure is explained in one log line of the invocation, correlated with the message.
        foreach (var failed in expectedFailures)
        {
            Assert.Contains(stdout, line => line.TryGetProperty("correlation_id", out var correlation)
                && correlation.GetString() == failed
                && line.GetProperty("function_request_id").GetString() == outcome.RequestId
                && line.GetProperty("level").GetString() is "Warning" or "Error");
        }

        Assert.Contains(stdout, line => line.TryGetProperty("message", out var message)
            && message.GetString()!.StartsWith("Batch of " + sent.Records.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    /// <summary>Every stdout line is one JSON object: a Powertools-shaped log entry or an EMF metrics object.</summary>
    public static IReadOnlyList<JsonElement> StdoutIsStructured(IReadOnlyList<string> lines, string service, params string[] secrets)
    {
        Assert.NotEmpty(lines);
        var parsed = lines.Select(StdoutCaptureStream.ParseObject).ToList();
        foreach (var line in parsed)
        {
            if (line.TryGetProperty("_aws", out _))
            {
                Assert.Equal(service, line.GetProperty("service").GetString());
                continue;
            }

            foreach (var field in LogFields)
            {
                Assert.True(line.TryGetProperty(field, out _), $"'{field}' missing in {line}");
            }

            Assert.Equal(service, line.GetProperty("service").GetString());
            if (line.TryGetProperty("function_request_id", out _))
            {
                foreach (var field in InvocationFields)
                {
                    Assert.True(line.TryGetProperty(field, out _), $"'{field}' missing in {line}");
                }
            }
        }

        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }

        return parsed;
    }
}
