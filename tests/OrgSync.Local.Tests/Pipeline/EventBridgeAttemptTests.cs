using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrgSync.Core.Delivery;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Core.Notifications;
using OrgSync.Core.Observability;
using OrgSync.Core.Targets;
using OrgSync.Local.Tests.Support;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Handlers;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Local.Tests.Pipeline;

/// <summary>
/// SPEC §7 through the <c>eventbridge</c> function (EventDelivery=Direct): Lambda retries a failed event twice with
/// the same request id, then dead-letters it. The handler counts the attempts per request id, so the third is the
/// last delivery: a failure retries could not turn around is announced then, and a task token answered.
/// </summary>
public sealed class EventBridgeAttemptTests
{
    private const string A = "444444444444";
    private static readonly DateTimeOffset T1 = Org.T0;

    private static readonly TargetsFile Targets = Org.TargetsWithNotifications;
    private static readonly string DistributionKey = Targets.Distributions[0].Key;

    private readonly FakeAppliers _appliers = new();
    private readonly InMemoryMembershipLedger _ledger = new();
    private readonly InMemoryAnnouncementLedger _announcements = new();
    private readonly InMemoryTargetLease _lease = new();
    private readonly FakePublisher _publisher = new();
    private readonly MetricsRecorder _metrics = new();
    private readonly TestDirectory _directory = new();
    private readonly InMemoryDeliveryAttempts _attempts = new();

    [Fact]
    public async Task A_failing_join_announces_nothing_on_the_first_two_attempts_and_fails_on_the_third_with_the_same_request_id()
    {
        _appliers.Failing[DistributionKey] = "scripted failure";
        var handler = Handler();
        var body = FakePublisher.WithTask(Org.Join(A, T1, "event-1"), "token-1");

        var first = await handler.ProcessAsync(body, Invocation("request-1"), CancellationToken.None);
        var second = await handler.ProcessAsync(body, Invocation("request-1"), CancellationToken.None);

        Assert.True(first.IsFailure);
        Assert.True(second.IsFailure);
        Assert.False(first.IsLastDelivery || second.IsLastDelivery);
        Assert.Empty(_publisher.Events);
        Assert.Empty(_publisher.Callbacks);

        var third = await Assert.ThrowsAsync<EventFailedException>(() => handler.HandleAsync(body, Invocation("request-1"), CancellationToken.None));

        Assert.True(third.Outcome!.IsLastDelivery);
        var sent = AccountSyncNotice.FromDetailJson(Assert.Single(_publisher.Delivered).Detail);
        Assert.Equal(AccountSyncNotice.FailedDetailType, sent.DetailType);
        Assert.Equal($"{DistributionKey}: failed: scripted failure", sent.FailureCause);
        var (token, callback) = Assert.Single(_publisher.Callbacks);
        Assert.Equal("token-1", token);
        Assert.False(callback.Succeeded); // SendTaskFailure
        Assert.Equal(AccountSyncNotice.TaskFailureError, callback.Error);
        Assert.Equal($"{DistributionKey}: failed: scripted failure", callback.Cause);
        Assert.Equal(1, _metrics.Sum(MetricNames.DeadLetters));
    }

    [Fact]
    public async Task Another_request_id_counts_from_the_first_attempt()
    {
        _appliers.Failing[DistributionKey] = "scripted failure";
        var handler = Handler();
        var body = Org.Join(A, T1, "event-1");
        await handler.ProcessAsync(body, Invocation("request-1"), CancellationToken.None);
        await handler.ProcessAsync(body, Invocation("request-1"), CancellationToken.None);

        // EventBridge delivering the same event again is a new invocation: a new request id, its own three attempts.
        var other = await handler.ProcessAsync(body, Invocation("request-2"), CancellationToken.None);

        Assert.True(other.IsFailure);
        Assert.False(other.IsLastDelivery);
        Assert.Empty(_publisher.Events);
        Assert.Equal(3, await _attempts.RecordAttemptAsync("request-1", DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None));
        Assert.Equal(2, await _attempts.RecordAttemptAsync("request-2", DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task When_the_attempt_cannot_be_counted_the_event_is_processed_without_a_receive_count_and_a_warning()
    {
        _appliers.Failing[DistributionKey] = "scripted failure";
        var logger = new RecordingLogger();
        var handler = Handler(new FailingAttempts(), logger);
        var body = FakePublisher.WithTask(Org.Join(A, T1, "event-1"), "token-1");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var outcome = await handler.ProcessAsync(body, Invocation("request-1"), CancellationToken.None);
            Assert.True(outcome.IsFailure);
            Assert.False(outcome.IsLastDelivery);
        }

        Assert.Empty(_publisher.Events);
        Assert.Empty(_publisher.Callbacks);
        Assert.Equal(3, logger.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("request-1", StringComparison.Ordinal)));
        Assert.All(logger.Entries, e => Assert.IsType<TimeoutException>(e.Exception));
    }

    [Fact]
    public async Task A_join_that_succeeds_on_a_retry_is_announced_completed_then()
    {
        _appliers.Failing[DistributionKey] = "scripted failure";
        var handler = Handler();
        var body = FakePublisher.WithTask(Org.Join(A, T1, "event-1"), "token-1");
        await handler.ProcessAsync(body, Invocation("request-1"), CancellationToken.None);

        _appliers.Failing.Clear();
        await handler.HandleAsync(body, Invocation("request-1"), CancellationToken.None);

        Assert.Equal(AccountSyncNotice.CompletedDetailType, Assert.Single(_publisher.Delivered).DetailType);
        Assert.True(Assert.Single(_publisher.Callbacks).Callback.Succeeded);
        Assert.Equal(0, _metrics.Sum(MetricNames.DeadLetters));
    }

    private EventBridgeHandler Handler(IDeliveryAttempts? attempts = null, ILogger? logger = null) =>
        new(new BatchProcessor(
            Targets,
            new PipelinePorts(_appliers, _ledger, _lease, _directory) { Notifier = _publisher, Announcements = _announcements },
            new PipelineOptions { MaxReceiveCount = 3, Metrics = _metrics }))
        {
            Attempts = attempts ?? _attempts,
            Logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
        };

    private static LambdaInvocation Invocation(string requestId) =>
        new(requestId, DateTimeOffset.UtcNow.AddMinutes(1), "arn:aws:lambda:us-east-1:111111111111:function:orgsync-eventbridge", null);

    private sealed class FailingAttempts : IDeliveryAttempts
    {
        public Task<int> RecordAttemptAsync(string deliveryId, DateTimeOffset keepUntil, CancellationToken cancellationToken) =>
            Task.FromException<int>(new TimeoutException("the table did not answer"));
    }

    private sealed class RecordingLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
