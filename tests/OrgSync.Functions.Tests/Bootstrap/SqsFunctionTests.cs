using OrgSync.Core.Observability;
using OrgSync.Functions.Tests.Support;
using static OrgSync.Functions.Tests.Bootstrap.EmulatedOrganization;

namespace OrgSync.Functions.Tests.Bootstrap;

/// <summary>
/// The published bootstrap as the <c>sqs</c> function, a child process against a Runtime API, applying real SQS
/// batches to the emulated organization (ledger and lease in memory: <c>ORGSYNC_TABLE_NAME</c> unset).
/// </summary>
[Collection(PublishedBootstrapCollection.Name)]
public sealed class SqsFunctionTests(PublishedBootstrap package)
{
    private const string TraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private const string TraceId = "1-5759e988-bd862e3fe1be46a994272793";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly string Arn = FunctionArn("sqs");

    [Fact]
    public async Task A_mixed_batch_applies_its_joins_and_leaves_once_and_fails_exactly_the_invalid_and_the_failing_message_until_their_last_delivery()
    {
        await using var org = await EmulatedOrganization.StartAsync();
        await using var api = await FakeRuntimeApi.StartAsync();
        var environment = org.Environment(api, "sqs");
        environment["ORGSYNC_MAX_RECEIVE_COUNT"] = "2";
        using var function = BootstrapProcess.Start(package.Executable, environment);
        var distributionBefore = org.DistributionWithoutUserIds();

        var join = Envelopes.CreateManagedAccount("e-join-444", WithRecorder, Envelopes.Time);
        var invalid = "{ \"source\": not json";
        var joinWithoutRecorder = Envelopes.VendingJoin("e-join-555", Envelopes.Time, WithoutRecorder);
        var batch = TestData.SqsEvent(
            ("m-join", join),
            ("m-join-again", join), // the same event delivered twice
            ("m-leave", Envelopes.CloseAccount("e-leave-222", "222222222222", Envelopes.Time.AddMinutes(5))),
            ("m-invalid", invalid),
            ("m-no-recorder", joinWithoutRecorder),
            ("m-ignored", Envelopes.CreateManagedAccount("e-failed", "666666666666", Envelopes.Time, state: "FAILED")));
        var first = await api.Invoke(batch, traceHeader: TraceHeader, functionArn: Arn).WaitAsync(Wait);
        var callsAfterFirst = org.Aws.CallCounts;

        // SQS redelivers the two failures; with maxReceiveCount 2 this is their last delivery.
        var redelivery = TestData.SqsEvent(2, ("m-invalid", invalid), ("m-no-recorder", joinWithoutRecorder));
        var second = await api.Invoke(redelivery, functionArn: Arn).WaitAsync(Wait);
        var callsAfterSecond = org.Aws.CallCounts;

        Assert.False(function.HasExited, string.Join('\n', function.Stderr));
        await function.StopAsync(Wait);
        var transcript = EndToEndExpectations.StdoutIsStructured(function.Stdout, Service, org.Secrets);
        Assert.DoesNotContain(org.Secrets, secret => first.BodyText.Contains(secret, StringComparison.Ordinal) || second.BodyText.Contains(secret, StringComparison.Ordinal));
        Assert.Empty(function.Stderr);

        // The response names exactly the invalid message and the one whose delivery channel failed.
        EndToEndExpectations.SqsBatchAnswered(batch, first, transcript, ["m-invalid", "m-no-recorder"]);

        // Joins and the leave reached the aggregator and the distribution, each in one write; everything else there is kept.
        string[] members = ["333333333333", WithRecorder, WithoutRecorder];
        Assert.Equal(members, org.AggregatorAccounts());
        Assert.Equal(members, org.LaunchPermissionAccounts());
        Assert.Equal(distributionBefore, org.DistributionWithoutUserIds());
        Assert.Equal(1, callsAfterFirst.GetValueOrDefault("config.PutConfigurationAggregator"));
        Assert.Equal(1, callsAfterFirst.GetValueOrDefault("imagebuilder.UpdateDistributionConfiguration"));

        // One channel put per joining account: 444444444444 has its channel, 555555555555 has no recorder.
        Assert.Equal(2, callsAfterFirst.GetValueOrDefault("config.PutDeliveryChannel"));
        var channel = org.DeliveryChannel(WithRecorder);
        Assert.NotNull(channel);
        Assert.Equal("default", channel.Value.GetProperty("name").GetString());
        Assert.Equal("org-config-logs", channel.Value.GetProperty("s3BucketName").GetString());
        Assert.Null(org.DeliveryChannel(WithoutRecorder));

        var metrics = EndToEndExpectations.InvocationLogged(transcript, first, Arn, coldStart: true, TraceId);
        var described = Transcript.Describe(metrics);
        Assert.True(Transcript.Value(metrics, MetricNames.InvalidMessages) == 1, described);
        Assert.True(Transcript.Value(metrics, MetricNames.IgnoredMessages) == 1, described);
        Assert.True(Transcript.Value(metrics, MetricNames.DeadLetters) == 0, described);
        foreach (var target in new[] { AggregatorKey, DistributionKey })
        {
            Assert.True(Transcript.Value(metrics, MetricNames.AccountsJoined, target) == 2, described);
            Assert.True(Transcript.Value(metrics, MetricNames.AccountsLeft, target) == 1, described);
            Assert.True(Transcript.Value(metrics, MetricNames.Writes, target) == 1, described);
        }

        Assert.True(Transcript.Value(metrics, MetricNames.AccountsJoined, ChannelScope) == 1, described);
        Assert.True(Transcript.Value(metrics, MetricNames.TargetFailures, ChannelScope) == 1, described);
        Assert.True(Transcript.Value(metrics, MetricNames.Writes, ChannelScope) == 2, described); // two puts sent, one refused

        // The target dimension is bounded by the targets file: a channel counts under its setting and Region, never per account.
        Assert.All(metrics, metric => Assert.Contains(metric.Target, new[] { null, AggregatorKey, DistributionKey, ChannelScope }));

        // Correlation: each message's lines carry its event id (an unreadable one, its message id); target lines their target.
        var logs = transcript.LogsOf(first.RequestId);
        AssertLogged(logs, "Message m-join ", correlation: "e-join-444");
        AssertLogged(logs, "Message m-join-again ", correlation: "e-join-444");
        AssertLogged(logs, "Message m-leave ", correlation: "e-leave-222");
        AssertLogged(logs, "Message m-invalid is invalid", correlation: "m-invalid", level: "WARN");
        AssertLogged(logs, "Message m-ignored ignored", correlation: "e-failed");
        AssertLogged(logs, "Message m-no-recorder failed on delivery 1", correlation: "e-join-555", level: "WARN");
        Assert.Contains(logs, line => Transcript.Field(line, "target") == $"delivery-channel/{WithoutRecorder}/us-east-1"
            && Transcript.Message(line).Contains("NoAvailableConfigurationRecorderException", StringComparison.Ordinal));
        Assert.Contains(logs, line => Transcript.Field(line, "target") == AggregatorKey && Transcript.Message(line).StartsWith(AggregatorKey + ": wrote", StringComparison.Ordinal));

        // The redelivery: the same two fail; the aggregator and distribution are not even read again (the ledger has
        // their changes; the membership check alone runs again); the channel is tried once more; both messages are dead-lettered now, and counted.
        EndToEndExpectations.SqsBatchAnswered(redelivery, second, transcript, ["m-invalid", "m-no-recorder"]);
        foreach (var (operation, count) in callsAfterSecond)
        {
            var before = callsAfterFirst.GetValueOrDefault(operation);
            if (operation is "config.PutDeliveryChannel" or "config.DescribeDeliveryChannels")
            {
                Assert.Equal(before + 1, count);
            }
            else if (!operation.StartsWith("sts.", StringComparison.Ordinal) && operation != "organizations.DescribeAccount")
            {
                Assert.True(before == count, $"{operation}: {before} → {count} on a redelivery of already applied changes");
            }
        }

        var redeliveryMetrics = EndToEndExpectations.InvocationLogged(transcript, second, Arn, coldStart: false, traceId: null);
        described = Transcript.Describe(redeliveryMetrics);
        Assert.True(Transcript.Value(redeliveryMetrics, MetricNames.DeadLetters) == 2, described);
        Assert.True(Transcript.Value(redeliveryMetrics, MetricNames.StaleChanges, AggregatorKey) == 1, described);
        Assert.True(Transcript.Value(redeliveryMetrics, MetricNames.Writes, AggregatorKey) == 0, described);
        var redeliveryLogs = transcript.LogsOf(second.RequestId);
        AssertLogged(redeliveryLogs, "Message m-no-recorder failed on its last delivery (2)", correlation: "e-join-555", level: "ERROR");
        AssertLogged(redeliveryLogs, "Message m-invalid failed on its last delivery (2)", correlation: "m-invalid", level: "ERROR");

        // Init wrote its lines before the first invocation, as a cold start.
        Assert.Contains(transcript.Init, line => Transcript.Message(line).StartsWith("Initialised the sqs function", StringComparison.Ordinal)
            && line.GetProperty("cold_start").GetBoolean());
    }

    private static void AssertLogged(IReadOnlyList<System.Text.Json.JsonElement> logs, string messageStart, string correlation, string? level = null) =>
        Assert.True(
            logs.Any(line => Transcript.Message(line).StartsWith(messageStart, StringComparison.Ordinal)
                && Transcript.Field(line, "correlation_id") == correlation
                && (level is null || line.GetProperty("level").GetString() == level)),
            $"no {level ?? "log"} line starting '{messageStart}' with correlation_id {correlation} in:\n{string.Join('\n', logs)}");
}
