using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Core.Observability;
using OrgSync.Core.Targets;
using OrgSync.Local.Tests.Support;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Units;
using OrgSync.Pipeline.Handlers;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Local.Tests.Pipeline;

/// <summary>The pipeline against scripted appliers: which messages fail, what the ledger holds, leases and deadlines.</summary>
public sealed class BatchProcessorTests
{
    private const string A = "444444444444";
    private const string B = "555555555555";
    private const string C = "666666666666";
    private static readonly TargetsFile Targets = Org.Targets;
    private static readonly string AggregatorKey = Targets.Aggregators[0].Key;
    private static readonly string DistributionKey = Targets.Distributions[0].Key;
    private static readonly DateTimeOffset T1 = Org.T0;
    private static readonly DateTimeOffset T2 = Org.T0.AddMinutes(5);

    private readonly FakeAppliers _appliers = new();
    private readonly InMemoryMembershipLedger _ledger = new();
    private readonly InMemoryTargetLease _lease = new();
    private readonly MetricsRecorder _metrics = new();
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task The_partial_batch_response_names_exactly_the_invalid_messages_and_the_contributors_to_a_failed_target()
    {
        _appliers.Failing[DistributionKey] = "scripted failure";
        var outcome = await Process(
            ("invalid", "{ not json"),
            ("ignored", Org.Join(A, T1).Replace("acme.vending", "someone.else", StringComparison.Ordinal)),
            ("join-a", Org.Join(A, T1)),
            ("join-b", Org.Join(B, T1)),
            ("excluded", Org.Join("999999999999", T1)));

        Assert.Equal(["invalid", "join-a", "join-b"], outcome.ToSqsBatchResponse().BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(MessageStatus.Invalid, outcome.Messages[0].Status);
        Assert.StartsWith("invalid message: ", outcome.Messages[0].Reason, StringComparison.Ordinal);
        Assert.Equal(MessageStatus.Ignored, outcome.Messages[1].Status);
        Assert.Contains("someone.else", outcome.Messages[1].Reason, StringComparison.Ordinal);
        Assert.Equal($"{DistributionKey}: scripted failure", Assert.Single(outcome.Messages[2].Reasons));
        Assert.Equal(MessageStatus.Succeeded, outcome.Messages[4].Status); // only an excluded account: nothing to fail
        Assert.Equal([A, B], _appliers.Accounts(AggregatorKey)); // the other target landed
        Assert.Equal(1, _metrics.Sum(MetricNames.InvalidMessages));
        Assert.Equal(1, _metrics.Sum(MetricNames.IgnoredMessages));
        Assert.Equal(1, _metrics.Sum(MetricNames.TargetFailures, DistributionKey));
        Assert.Equal(2, _metrics.Sum(MetricNames.AccountsJoined, AggregatorKey));
    }

    [Fact]
    public async Task A_superseded_or_stale_change_did_not_contribute_and_its_message_succeeds_when_the_target_fails()
    {
        await _ledger.RecordAsync(AggregatorKey, [new AccountChange(C, ChangeKind.Leave, T2, "earlier")], CancellationToken.None);
        await _ledger.RecordAsync(DistributionKey, [new AccountChange(C, ChangeKind.Leave, T2, "earlier")], CancellationToken.None);
        _appliers.Failing[AggregatorKey] = "scripted failure";

        var outcome = await Process(
            ("old-join-a", Org.Join(A, T1)),   // superseded in the batch by the leave at T2
            ("leave-a", Org.Leave(A, T2)),
            ("stale-join-c", Org.Join(C, T1)), // the ledger has C's leave at T2
            ("duplicate-leave-a", Org.Leave(A, T2, "another-id")));

        Assert.Equal(["leave-a", "duplicate-leave-a"], outcome.ToSqsBatchResponse().BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(1, outcome.Targets.Single(t => t.Key == AggregatorKey).StaleChanges);
        Assert.Equal(1, _metrics.Sum(MetricNames.StaleChanges, AggregatorKey));
    }

    [Fact]
    public async Task The_ledger_records_only_after_a_successful_apply_so_a_retry_is_never_stale()
    {
        _appliers.Failing[AggregatorKey] = "scripted failure";
        var first = await Process(("join-a", Org.Join(A, T1)));

        Assert.True(first.Messages[0].IsFailure);
        Assert.Empty(await _ledger.ReadAsync(AggregatorKey, [A], CancellationToken.None));
        Assert.Equal(ChangeKind.Join, (await _ledger.ReadAsync(DistributionKey, [A], CancellationToken.None))[A].Kind);

        _appliers.Failing.Clear();
        var retry = await Process(("join-a", Org.Join(A, T1)));

        Assert.False(retry.Messages[0].IsFailure);
        Assert.Equal([A], _appliers.Accounts(AggregatorKey));
        Assert.Equal(1, _appliers.Applies(DistributionKey)); // already recorded there: stale, not re-applied
        Assert.Equal(new AppliedChange(ChangeKind.Join, T1), (await _ledger.ReadAsync(AggregatorKey, [A], CancellationToken.None))[A]);
    }

    [Fact]
    public async Task A_change_that_cannot_reach_a_failed_target_is_still_recorded_so_an_older_change_delivered_later_is_stale()
    {
        // Without removeOnLeave a leave changes no resource: its message did not contribute to the failed
        // aggregator, succeeds and is deleted. The ledger must know the leave all the same.
        var targets = Org.Targets with { RemoveOnLeave = false };
        var processor = new BatchProcessor(targets, new PipelinePorts(_appliers, _ledger, _lease, _directory), new PipelineOptions { Metrics = _metrics });
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        _appliers.Failing[AggregatorKey] = "scripted failure";

        var first = await processor.ProcessAsync(
            [new InboundMessage("join-b", Org.Join(B, T1)), new InboundMessage("leave-a", Org.Leave(A, T2))], new BatchContext("one", deadline), CancellationToken.None);
        _appliers.Failing.Clear();
        var late = await processor.ProcessAsync([new InboundMessage("late-join-a", Org.Join(A, T1))], new BatchContext("two", deadline), CancellationToken.None);
        var redelivered = await processor.ProcessAsync([new InboundMessage("join-b", Org.Join(B, T1))], new BatchContext("three", deadline), CancellationToken.None);

        Assert.Equal(["join-b"], first.ToSqsBatchResponse().BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(new AppliedChange(ChangeKind.Leave, T2), (await _ledger.ReadAsync(AggregatorKey, [A], CancellationToken.None))[A]);
        Assert.Empty(late.ToSqsBatchResponse().BatchItemFailures);
        Assert.Empty(redelivered.ToSqsBatchResponse().BatchItemFailures);
        Assert.Equal(TargetStatus.NothingToApply, late.Targets.Single(t => t.Key == AggregatorKey).Status); // the join at T1 is older than the leave
        Assert.Equal([B], _appliers.Accounts(AggregatorKey));
        Assert.Equal([B], _appliers.Accounts(DistributionKey));
    }

    [Fact]
    public async Task Many_messages_coalesce_into_one_apply_per_target()
    {
        var messages = Enumerable.Range(1, 10).Select(i => ($"m{i}", Org.Join(Org.Account(i), T1))).ToArray();
        var outcome = await Process(messages);

        Assert.Empty(outcome.ToSqsBatchResponse().BatchItemFailures);
        Assert.Equal(1, _appliers.Applies(AggregatorKey));
        Assert.Equal(1, _appliers.Writes(DistributionKey));
        Assert.Equal(10, _appliers.Accounts(AggregatorKey).Count);
    }

    [Fact]
    public async Task Two_concurrent_batches_on_one_target_both_land()
    {
        var appliers = new FakeAppliers { Pause = TimeSpan.FromMilliseconds(50) };
        var processor = Processor(appliers);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);

        var first = processor.ProcessAsync([new InboundMessage("a", Org.Join(A, T1))], new BatchContext("one", deadline), CancellationToken.None);
        var second = processor.ProcessAsync([new InboundMessage("b", Org.Join(B, T1))], new BatchContext("two", deadline), CancellationToken.None);
        var outcomes = await Task.WhenAll(first, second);

        Assert.All(outcomes, o => Assert.Empty(o.ToSqsBatchResponse().BatchItemFailures));
        Assert.Equal([A, B], appliers.Accounts(AggregatorKey));
        Assert.Equal([A, B], appliers.Accounts(DistributionKey));
        Assert.Equal(2, appliers.Writes(AggregatorKey));
    }

    [Fact]
    public async Task Without_the_lease_the_same_race_loses_an_update()
    {
        // The control for the test above: the fake really does read, pause and write.
        var appliers = new FakeAppliers { Pause = TimeSpan.FromMilliseconds(50) };
        var processor = new BatchProcessor(Targets, new PipelinePorts(appliers, new InMemoryMembershipLedger(), new GrantEveryoneLease(), _directory));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);

        await Task.WhenAll(
            processor.ProcessAsync([new InboundMessage("a", Org.Join(A, T1))], new BatchContext("one", deadline), CancellationToken.None),
            processor.ProcessAsync([new InboundMessage("b", Org.Join(B, T1))], new BatchContext("two", deadline), CancellationToken.None));

        Assert.Single(appliers.Accounts(AggregatorKey));
    }

    [Fact]
    public async Task A_lease_held_until_past_the_deadline_fails_the_target_as_transient_without_applying()
    {
        await _lease.TryAcquireAsync(AggregatorKey, "someone-else", TimeSpan.FromMinutes(5), CancellationToken.None);
        var started = DateTimeOffset.UtcNow;

        var outcome = await Process(DateTimeOffset.UtcNow.AddSeconds(1), ("join-a", Org.Join(A, T1)));

        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(3));
        var target = outcome.Targets.Single(t => t.Key == AggregatorKey);
        Assert.Equal(TargetStatus.Failed, target.Status);
        Assert.Contains("lease", target.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _appliers.Applies(AggregatorKey));
        Assert.Equal([A], _appliers.Accounts(DistributionKey));
        Assert.Equal(["join-a"], outcome.ToSqsBatchResponse().BatchItemFailures.Select(f => f.ItemIdentifier));
    }

    [Fact]
    public void The_wait_for_a_held_lease_is_capped_equal_jitter()
    {
        var options = new PipelineOptions { LeaseRetryBaseDelay = TimeSpan.FromMilliseconds(20), LeaseRetryMaxDelay = TimeSpan.FromMilliseconds(500), Random = new Random(3) };

        var waits = Enumerable.Range(0, 2000).Select(i => (Attempt: (i % 10) + 1, Wait: options.LeaseRetryDelay((i % 10) + 1))).ToList();

        foreach (var (attempt, wait) in waits)
        {
            var ceiling = TimeSpan.FromMilliseconds(Math.Min(500, 20 * Math.Pow(2, attempt - 1)));
            Assert.InRange(wait, ceiling / 2, ceiling); // never zero: waiters do not retry in lockstep
        }

        var capped = waits.Where(w => w.Attempt >= 6).Select(w => w.Wait.TotalMilliseconds).ToList();
        Assert.True(capped.Min() < 260 && capped.Max() > 490, $"{capped.Min()}..{capped.Max()}");
    }

    [Fact]
    public async Task The_apply_deadline_keeps_a_margin_before_the_invocation_deadline()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        await Process(deadline, ("join-a", Org.Join(A, T1)));

        Assert.All(_appliers.Calls, call => Assert.InRange(call.Deadline, deadline.AddSeconds(-3.5), deadline.AddSeconds(-2.5)));
    }

    [Fact]
    public async Task A_lost_fence_writes_nothing_and_fails_the_target()
    {
        var processor = new BatchProcessor(Targets, new PipelinePorts(_appliers, _ledger, new FencedOutLease(), _directory));
        var outcome = await processor.ProcessAsync([new InboundMessage("join-a", Org.Join(A, T1))], new BatchContext("x", DateTimeOffset.UtcNow.AddSeconds(30)), CancellationToken.None);

        Assert.Empty(_appliers.Accounts(AggregatorKey));
        Assert.All(outcome.Targets, t => Assert.Equal(TargetStatus.Failed, t.Status));
        Assert.True(outcome.Messages[0].IsFailure);
        Assert.Empty(await _ledger.ReadAsync(AggregatorKey, [A], CancellationToken.None));
    }

    [Fact]
    public async Task Cancellation_fails_the_unfinished_targets_instead_of_throwing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var outcome = await Processor(_appliers).ProcessAsync(
            [new InboundMessage("join-a", Org.Join(A, T1))], new BatchContext("x", DateTimeOffset.UtcNow.AddSeconds(30)), cancelled.Token);

        Assert.True(outcome.Messages[0].IsFailure);
        Assert.Contains("time out", outcome.Messages[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_on_the_last_delivery_counts_as_a_dead_letter()
    {
        _appliers.Failing[AggregatorKey] = "scripted failure";
        var processor = Processor(_appliers, maxReceiveCount: 3);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);

        var outcome = await processor.ProcessAsync(
            [
                new InboundMessage("second", Org.Join(A, T1)) { ReceiveCount = 2 },
                new InboundMessage("third", Org.Join(B, T1)) { ReceiveCount = 3 },
                new InboundMessage("invalid", "[]") { ReceiveCount = 5 },
            ],
            new BatchContext("x", deadline),
            CancellationToken.None);

        Assert.Equal([false, true, true], outcome.Messages.Select(m => m.IsLastDelivery));
        Assert.Equal(2, _metrics.Sum(MetricNames.DeadLetters));
    }

    [Fact]
    public async Task The_SQS_handler_maps_records_and_receive_counts()
    {
        _appliers.Failing[AggregatorKey] = "scripted failure";
        var handler = new SqsBatchHandler(Processor(_appliers, maxReceiveCount: 2));
        var batch = new SqsEvent
        {
            Records =
            [
                new SqsMessage { MessageId = "m1", Body = Org.Join(A, T1), Attributes = new SqsSystemAttributes { ApproximateReceiveCount = "2" } },
                new SqsMessage { MessageId = "m2", Body = "null" },
            ],
        };

        var response = await handler.HandleAsync(batch, new LambdaInvocation("req", DateTimeOffset.UtcNow.AddSeconds(30), "arn", null), CancellationToken.None);

        Assert.Equal(["m1", "m2"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(1, _metrics.Sum(MetricNames.DeadLetters));
    }

    [Fact]
    public async Task The_EventBridge_handler_returns_when_applied_or_ignored_and_throws_when_invalid_or_failed()
    {
        var handler = new EventBridgeHandler(Processor(_appliers));
        var invocation = new LambdaInvocation("req", DateTimeOffset.UtcNow.AddSeconds(30), "arn", null);

        await handler.HandleAsync(Org.Join(A, T1), invocation, CancellationToken.None);
        await handler.HandleAsync(Org.Join(A, T1).Replace("acme.vending", "someone.else", StringComparison.Ordinal), invocation, CancellationToken.None);
        var invalid = await Assert.ThrowsAsync<EventFailedException>(() => handler.HandleAsync("{]", invocation, CancellationToken.None));
        _appliers.Failing[DistributionKey] = "scripted failure";
        var failed = await Assert.ThrowsAsync<EventFailedException>(() => handler.HandleAsync(Org.Join(B, T1), invocation, CancellationToken.None));

        Assert.Equal([A, B], _appliers.Accounts(AggregatorKey)); // the target that did not fail took B
        Assert.Equal([A], _appliers.Accounts(DistributionKey));
        Assert.Contains("invalid message", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("scripted failure", failed.Message, StringComparison.Ordinal);
        Assert.Contains(DistributionKey, failed.Message, StringComparison.Ordinal);
    }

    private BatchProcessor Processor(FakeAppliers appliers, int? maxReceiveCount = null) =>
        new(Targets, new PipelinePorts(appliers, _ledger, _lease, _directory), new PipelineOptions { Metrics = _metrics, MaxReceiveCount = maxReceiveCount });

    private Task<BatchOutcome> Process(params (string Id, string Body)[] messages) => Process(DateTimeOffset.UtcNow.AddSeconds(30), messages);

    private Task<BatchOutcome> Process(DateTimeOffset deadline, params (string Id, string Body)[] messages) =>
        Processor(_appliers).ProcessAsync([.. messages.Select(m => new InboundMessage(m.Id, m.Body))], new BatchContext("invocation", deadline), CancellationToken.None);

    /// <summary>A "lease" that grants everyone at once: no mutual exclusion.</summary>
    private sealed class GrantEveryoneLease : ITargetLease
    {
        private long _token;

        public Task<LeaseGrant?> TryAcquireAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken) =>
            Task.FromResult<LeaseGrant?>(new LeaseGrant(key, owner, Interlocked.Increment(ref _token), DateTimeOffset.UtcNow + duration));

        public Task<bool> IsCurrentAsync(LeaseGrant grant, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken) => Task.FromResult<LeaseGrant?>(grant);

        public Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Grants the lease, then says it was lost at the fencing check.</summary>
    private sealed class FencedOutLease : ITargetLease
    {
        private readonly InMemoryTargetLease _inner = new();

        public Task<LeaseGrant?> TryAcquireAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken) =>
            _inner.TryAcquireAsync(key, owner, duration, cancellationToken);

        public Task<bool> IsCurrentAsync(LeaseGrant grant, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken) => _inner.RenewAsync(grant, duration, cancellationToken);

        public Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken) => _inner.ReleaseAsync(grant, cancellationToken);
    }
}
