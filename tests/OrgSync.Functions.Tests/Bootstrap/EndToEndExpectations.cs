using System.Globalization;
using System.Text.Json;
using OrgSync.Functions.Tests.Support;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Tests.Bootstrap;

/// <summary>
/// The end-to-end assertions on the published bootstrap, in one place: what every stdout line must be, what each
/// invocation must log and count, and what an SQS batch must answer. The tests name the records that must fail
/// and assert what the emulator holds afterwards themselves.
/// </summary>
internal static class EndToEndExpectations
{
    /// <summary>The fields every log line carries (Powertools for AWS Lambda (.NET) names).</summary>
    public static readonly string[] LogFields = ["level", "message", "timestamp", "service", "name", "cold_start", "function_name", "function_memory_size", "function_version"];

    /// <summary>The level names Lambda's log-level filtering recognises (anything else counts as INFO).</summary>
    public static readonly string[] Levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];

    private static readonly string[] TargetPrefixes = ["aggregator/", "distribution/", "delivery-channel/"];

    /// <summary>
    /// Every stdout line is one JSON object: a Powertools-shaped log entry or an EMF metrics object. A line about a
    /// message carries <c>correlation_id</c>; a line about a target carries <c>target</c>; no line holds a secret.
    /// </summary>
    public static Transcript StdoutIsStructured(IReadOnlyList<string> lines, string service, params string[] secrets)
    {
        Assert.NotEmpty(lines);
        foreach (var secret in secrets)
        {
            Assert.False(string.IsNullOrEmpty(secret));
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }

        var transcript = new Transcript(lines);
        foreach (var line in transcript.Lines)
        {
            Assert.Equal(service, line.GetProperty("service").GetString());
            if (Transcript.IsMetrics(line))
            {
                continue;
            }

            foreach (var field in LogFields)
            {
                Assert.True(line.TryGetProperty(field, out _), $"'{field}' missing in {line}");
            }

            Assert.Contains(line.GetProperty("level").GetString(), Levels);
            Assert.True(line.GetProperty("cold_start").ValueKind is JsonValueKind.True or JsonValueKind.False, $"cold_start is not a boolean in {line}");
            var timestamp = line.GetProperty("timestamp").GetString()!;
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", timestamp);
            Assert.True(DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), timestamp);
            if (line.TryGetProperty("function_request_id", out _))
            {
                Assert.True(line.TryGetProperty("function_arn", out _), $"'function_arn' missing in {line}");
            }

            var message = Transcript.Message(line);
            if (message.StartsWith("Message ", StringComparison.Ordinal))
            {
                Assert.True(Transcript.Field(line, "correlation_id") is { Length: > 0 }, $"a line about a message has no correlation_id: {line}");
            }

            if (TargetPrefixes.Any(prefix => message.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var target = Transcript.Field(line, "target");
                Assert.True(target is not null && message.StartsWith(target + ":", StringComparison.Ordinal), $"a line about a target does not carry it as 'target': {line}");
            }
        }

        return transcript;
    }

    /// <summary>
    /// What one invocation logged: its lines carry its request id, the function ARN, <c>cold_start</c> as given and the
    /// X-Ray trace id exactly when the invocation had a trace header; at least one EMF line counts what it did.
    /// </summary>
    public static IReadOnlyList<MetricValue> InvocationLogged(Transcript transcript, InvocationOutcome outcome, string functionArn, bool coldStart, string? traceId)
    {
        var logs = transcript.LogsOf(outcome.RequestId);
        Assert.NotEmpty(logs);
        foreach (var line in logs)
        {
            Assert.Equal(coldStart, line.GetProperty("cold_start").GetBoolean());
            Assert.Equal(functionArn, line.GetProperty("function_arn").GetString());
            Assert.Equal(traceId, Transcript.Field(line, "xray_trace_id"));
        }

        Assert.NotEmpty(transcript.MetricLinesOf(outcome.RequestId));
        return transcript.MetricsOf(outcome.RequestId);
    }

    /// <summary>
    /// What the sqs function answered for <paramref name="sent"/>: exactly <paramref name="expectedFailures"/> fail, each
    /// explained by a warning or error of the invocation that names it; one summary line counts the batch.
    /// </summary>
    public static void SqsBatchAnswered(byte[] sent, InvocationOutcome outcome, Transcript transcript, IReadOnlyList<string> expectedFailures)
    {
        Assert.False(outcome.IsError, outcome.BodyText);
        var batch = JsonSerializer.Deserialize(sent, LambdaJsonContext.Default.SqsEvent)!;
        var response = JsonSerializer.Deserialize(outcome.Body, LambdaJsonContext.Default.SqsBatchResponse)!;
        Assert.Equal(expectedFailures.Order(), response.BatchItemFailures.Select(failure => failure.ItemIdentifier).Order());

        var logs = transcript.LogsOf(outcome.RequestId);
        foreach (var failed in expectedFailures)
        {
            Assert.Contains(logs, line => Transcript.Message(line).StartsWith($"Message {failed} ", StringComparison.Ordinal)
                && line.GetProperty("level").GetString() is "WARN" or "ERROR");
        }

        Assert.Contains(logs, line => Transcript.Message(line).StartsWith(
            "Batch of " + batch.Records.Length.ToString(CultureInfo.InvariantCulture) + ":", StringComparison.Ordinal));
    }
}
