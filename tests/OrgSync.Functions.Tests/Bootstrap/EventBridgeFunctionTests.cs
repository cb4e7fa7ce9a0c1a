using System.Text;
using System.Text.Json;
using OrgSync.Core.Observability;
using OrgSync.Functions.Tests.Support;
using static OrgSync.Functions.Tests.Bootstrap.EmulatedOrganization;

namespace OrgSync.Functions.Tests.Bootstrap;

/// <summary>
/// The published bootstrap as the <c>eventbridge</c> function: one envelope per invocation, a normal answer when it
/// was applied or ignored, an invocation error (EventBridge and Lambda retry it, then dead-letter it) when it is
/// invalid or a target failed. One process serves every invocation, as one Lambda execution environment does.
/// </summary>
[Collection(PublishedBootstrapCollection.Name)]
public sealed class EventBridgeFunctionTests(PublishedBootstrap package)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly string Arn = FunctionArn("eventbridge");

    [Fact]
    public async Task Applied_and_ignored_events_answer_normally_and_an_invalid_or_failing_event_is_an_invocation_error()
    {
        await using var org = await EmulatedOrganization.StartAsync();
        await using var api = await FakeRuntimeApi.StartAsync();
        using var function = BootstrapProcess.Start(package.Executable, org.Environment(api, "eventbridge"));
        var join = Envelopes.CreateManagedAccount("e-join-444", WithRecorder, Envelopes.Time);

        var applied = await InvokeAsync(api, join, "1-00000001-000000000000000000000001");
        var callsAfterApplied = org.CallsBesideMembership;
        var duplicate = await InvokeAsync(api, join, "1-00000002-000000000000000000000002");
        var callsAfterDuplicate = org.CallsBesideMembership;
        var ignored = await InvokeAsync(api, Envelopes.CreateManagedAccount("e-failed", "666666666666", Envelopes.Time, state: "FAILED"), "1-00000003-000000000000000000000003");
        var invalid = await InvokeAsync(api, Envelopes.CloseAccountWithNumericId("e-numeric", Envelopes.Time), "1-00000004-000000000000000000000004");
        var failing = await InvokeAsync(api, Envelopes.VendingJoin("e-join-555", Envelopes.Time, WithoutRecorder), "1-00000005-000000000000000000000005");

        Assert.False(function.HasExited, string.Join('\n', function.Stderr));
        await function.StopAsync(Wait);
        var transcript = EndToEndExpectations.StdoutIsStructured(function.Stdout, Service, org.Secrets);
        Assert.Empty(function.Stderr);
        foreach (var outcome in new[] { applied, duplicate, ignored, invalid, failing })
        {
            Assert.DoesNotContain(org.Secrets, secret => outcome.BodyText.Contains(secret, StringComparison.Ordinal));
        }

        // Applied: `{}`, the account is in the aggregator and the distribution, and has its channel.
        Assert.False(applied.IsError, applied.BodyText);
        Assert.Equal("{}", applied.BodyText);
        Assert.Contains(WithRecorder, org.AggregatorAccounts());
        Assert.Contains(WithRecorder, org.LaunchPermissionAccounts());
        Assert.NotNull(org.DeliveryChannel(WithRecorder));
        Assert.Equal(1, callsAfterApplied.GetValueOrDefault("config.PutConfigurationAggregator"));
        Assert.Equal(1, callsAfterApplied.GetValueOrDefault("imagebuilder.UpdateDistributionConfiguration"));
        Assert.Equal(1, callsAfterApplied.GetValueOrDefault("config.PutDeliveryChannel"));
        var metrics = EndToEndExpectations.InvocationLogged(transcript, applied, Arn, coldStart: true, "1-00000001-000000000000000000000001");
        Assert.True(Transcript.Value(metrics, MetricNames.AccountsJoined, AggregatorKey) == 1, Transcript.Describe(metrics));
        Assert.True(Transcript.Value(metrics, MetricNames.AccountsJoined, DistributionKey) == 1, Transcript.Describe(metrics));
        Assert.True(Transcript.Value(metrics, MetricNames.AccountsJoined, ChannelScope) == 1, Transcript.Describe(metrics));
        Assert.Contains(transcript.LogsOf(applied.RequestId), line => Transcript.Field(line, "correlation_id") == "e-join-444");

        // The same event again: `{}`, and nothing is called but the membership check (the ledger has it).
        Assert.Equal("{}", duplicate.BodyText);
        Assert.Equal(callsAfterApplied, callsAfterDuplicate);
        metrics = EndToEndExpectations.InvocationLogged(transcript, duplicate, Arn, coldStart: false, "1-00000002-000000000000000000000002");
        Assert.True(Transcript.Value(metrics, MetricNames.StaleChanges, AggregatorKey) == 1, Transcript.Describe(metrics));

        // Ignored: `{}`, never retried.
        Assert.False(ignored.IsError, ignored.BodyText);
        Assert.Equal("{}", ignored.BodyText);
        metrics = EndToEndExpectations.InvocationLogged(transcript, ignored, Arn, coldStart: false, "1-00000003-000000000000000000000003");
        Assert.True(Transcript.Value(metrics, MetricNames.IgnoredMessages) == 1, Transcript.Describe(metrics));

        // Invalid: an invocation error saying why.
        var invalidError = InvocationError(invalid);
        Assert.Contains("rejected", invalidError.Message, StringComparison.Ordinal);
        Assert.Contains("accountId", invalidError.Message, StringComparison.Ordinal);
        metrics = EndToEndExpectations.InvocationLogged(transcript, invalid, Arn, coldStart: false, "1-00000004-000000000000000000000004");
        Assert.True(Transcript.Value(metrics, MetricNames.InvalidMessages) == 1, Transcript.Describe(metrics));

        // A target failed: an invocation error naming the event, the target and the cause; the other targets were applied.
        var failingError = InvocationError(failing);
        Assert.Contains("e-join-555", failingError.Message, StringComparison.Ordinal);
        Assert.Contains($"delivery-channel/{WithoutRecorder}/us-east-1", failingError.Message, StringComparison.Ordinal);
        Assert.Contains("NoAvailableConfigurationRecorderException", failingError.Message, StringComparison.Ordinal);
        Assert.Contains(WithoutRecorder, org.AggregatorAccounts());
        Assert.Null(org.DeliveryChannel(WithoutRecorder));
        metrics = EndToEndExpectations.InvocationLogged(transcript, failing, Arn, coldStart: false, "1-00000005-000000000000000000000005");
        Assert.True(Transcript.Value(metrics, MetricNames.TargetFailures, ChannelScope) == 1, Transcript.Describe(metrics));
        Assert.Contains(transcript.LogsOf(failing.RequestId), line => Transcript.Field(line, "correlation_id") == "e-join-555"
            && line.GetProperty("level").GetString() == "WARN"
            && Transcript.Message(line).Contains("failed on delivery 1; it will be redelivered", StringComparison.Ordinal));

        // Nothing here came through SQS: no line may say it did. Lambda's attempts are counted per request id (each
        // invocation here is a new one, the first attempt), and without ORGSYNC_MAX_RECEIVE_COUNT none is the last.
        Assert.DoesNotContain(transcript.Logs, line => Transcript.Message(line).Contains("SQS", StringComparison.Ordinal)
            || Transcript.Message(line).Contains("last delivery", StringComparison.Ordinal));

        // Each error is also logged, with its exception, in its invocation.
        foreach (var outcome in new[] { invalid, failing })
        {
            Assert.Contains(transcript.LogsOf(outcome.RequestId), line => line.GetProperty("level").GetString() == "ERROR"
                && Transcript.Message(line).StartsWith("The invocation failed: EventFailedException", StringComparison.Ordinal)
                && line.GetProperty("exception").GetProperty("type").GetString()!.EndsWith("EventFailedException", StringComparison.Ordinal));
        }
    }

    private static Task<InvocationOutcome> InvokeAsync(FakeRuntimeApi api, string envelope, string traceRoot) =>
        api.Invoke(Encoding.UTF8.GetBytes(envelope), traceHeader: $"Root={traceRoot};Parent=53995c3f42cd8ad8;Sampled=1", functionArn: Arn).WaitAsync(Wait);

    /// <summary>The error document the function posted to <c>/invocation/{id}/error</c>.</summary>
    private static (string Message, string Type) InvocationError(InvocationOutcome outcome)
    {
        Assert.True(outcome.IsError, "expected an invocation error, got " + outcome.BodyText);
        using var document = JsonDocument.Parse(outcome.Body);
        var root = document.RootElement;
        var type = root.GetProperty("errorType").GetString()!;
        Assert.Equal("EventFailedException", type);
        Assert.Equal(type, outcome.ErrorTypeHeader);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("stackTrace").ValueKind);
        return (root.GetProperty("errorMessage").GetString()!, type);
    }
}
