using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OrgSync.Core.Events;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Core.Notifications;
using OrgSync.Core.Observability;
using OrgSync.Core.Organizations;
using OrgSync.Core.Targets;
using OrgSync.Local.Tests.Support;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Local.Tests.Pipeline;

/// <summary>
/// SPEC §7 through the pipeline with scripted appliers and a fake EventBridge and Step Functions: what each
/// (input, account) announces, when, and exactly once — under redeliveries, failed sends and lost responses.
/// </summary>
public sealed class CompletionEventTests
{
    private const string A = "444444444444";
    private const string B = "555555555555";
    private const string Excluded = "999999999999";
    private static readonly DateTimeOffset T1 = Org.T0;
    private static readonly DateTimeOffset T2 = Org.T0.AddMinutes(5);

    private static readonly TargetsFile Targets = Org.TargetsWithNotifications;
    private static readonly string AggregatorKey = Targets.Aggregators[0].Key;
    private static readonly string DistributionKey = Targets.Distributions[0].Key;

    private static readonly TargetsFile WithChannels = TargetsFileLoader.Parse("""
        {
          "homeAccountId": "111111111111",
          "customSources": ["acme.vending"],
          "aggregators": [
            { "name": "org-aggregator", "region": "us-east-1" },
            { "name": "prod-aggregator", "region": "us-east-1", "scope": { "organizationalUnits": ["ou-ab12-prod0001"] } }
          ],
          "deliveryChannels": [ { "memberRoleName": "OrgSyncMemberRole", "regions": ["us-east-1", "eu-west-1"], "channel": { "s3BucketName": "logs" } } ],
          "notifications": { "eventBusName": "vending", "source": "acme.orgsync" }
        }
        """);

    private readonly FakeAppliers _appliers = new();
    private readonly InMemoryMembershipLedger _ledger = new();
    private readonly InMemoryAnnouncementLedger _announcements = new();
    private readonly FakePublisher _publisher = new();
    private readonly MetricsRecorder _metrics = new();
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task A_join_applied_everywhere_is_announced_once_as_completed_with_every_target()
    {
        var outcome = await Process(1, ("m1", FakePublisher.WithTask(Org.Join(A, T1, "event-1"), null, "PLAT-1")));

        Assert.Empty(outcome.ToSqsBatchResponse().BatchItemFailures);
        var (destination, sent) = Assert.Single(_publisher.Events);
        Assert.Equal(Targets.Notifications, destination);
        Assert.Equal(AccountSyncNotice.CompletedDetailType, sent.DetailType);
        Assert.Equal(
            $$"""{"notificationId":"{{AccountSyncNotice.IdFor("event-1", A)}}","accountId":"{{A}}","action":"join","eventId":"event-1","requestId":"PLAT-1","eventTime":"2026-11-01T09:00:00Z","targets":[{"target":"{{AggregatorKey}}","outcome":"applied","reason":"written"},{"target":"{{DistributionKey}}","outcome":"applied","reason":"written"}]}""",
            sent.Detail);
        Assert.Equal(1, _metrics.Sum(MetricNames.NotificationsSent));
    }

    [Fact]
    public async Task A_redelivery_or_a_second_copy_of_the_event_announces_nothing_more()
    {
        await Process(1, ("m1", Org.Join(A, T1, "event-1")));

        await Process(2, ("m1", Org.Join(A, T1, "event-1")));
        await Process(1, ("copy", Org.Join(A, T1, "event-1")), ("copy-2", Org.Join(A, T1, "event-1")));

        Assert.Single(_publisher.Events);
    }

    [Fact]
    public async Task Duplicates_in_one_batch_announce_once()
    {
        await Process(1, ("m1", Org.Join(A, T1, "event-1")), ("m2", Org.Join(A, T1, "event-1")));

        Assert.Single(_publisher.Events);
    }

    [Fact]
    public async Task A_failed_target_holds_the_announcement_back_until_the_redelivery_that_settles_it()
    {
        _appliers.Failing[DistributionKey] = "scripted failure";
        var first = await Process(1, ("m1", Org.Join(A, T1, "event-1")));

        Assert.Equal(["m1"], first.ToSqsBatchResponse().BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Empty(_publisher.Events);
        Assert.Equal(1, first.Completions.Waiting);

        _appliers.Failing.Clear();
        var second = await Process(2, ("m1", Org.Join(A, T1, "event-1")));

        Assert.Empty(second.ToSqsBatchResponse().BatchItemFailures);
        var sent = Notice(Assert.Single(_publisher.Delivered));
        Assert.Equal(AccountSyncNotice.CompletedDetailType, sent.DetailType);
        Assert.Equal(
            [(AggregatorKey, TargetSyncOutcome.AlreadyInPlace, "already applied"), (DistributionKey, TargetSyncOutcome.Applied, "written")],
            sent.Targets.Select(t => (t.Target, t.Outcome, t.Reason)));
    }

    [Fact]
    public async Task A_dead_lettered_account_is_announced_as_failed_with_the_reasons_on_the_last_delivery_only()
    {
        _appliers.Failing[DistributionKey] = "NoAvailableConfigurationRecorderException: not yet";

        await Process(1, ("m1", Org.Join(A, T1, "event-1")));
        await Process(2, ("m1", Org.Join(A, T1, "event-1")));
        Assert.Empty(_publisher.Events);

        var last = await Process(3, ("m1", Org.Join(A, T1, "event-1")));

        Assert.True(last.Messages[0].IsLastDelivery);
        var sent = Notice(Assert.Single(_publisher.Delivered));
        Assert.Equal(AccountSyncNotice.FailedDetailType, sent.DetailType);
        Assert.Equal($"{DistributionKey}: failed: NoAvailableConfigurationRecorderException: not yet", sent.FailureCause);
        Assert.Equal(TargetSyncOutcome.AlreadyInPlace, sent.Targets.Single(t => t.Target == AggregatorKey).Outcome);
    }

    [Fact]
    public async Task A_copy_on_its_last_delivery_announces_no_failure_while_another_copy_of_the_input_will_be_retried()
    {
        _appliers.Failing[DistributionKey] = "NoAvailableConfigurationRecorderException: not yet";

        await Deliver(Targets, ("old-copy", Org.Join(A, T1, "event-1"), 3), ("new-copy", Org.Join(A, T1, "event-1"), 1));
        Assert.Empty(_publisher.Events);

        await Deliver(Targets, ("new-copy", Org.Join(A, T1, "event-1"), 3));
        Assert.Equal(AccountSyncNotice.FailedDetailType, Notice(Assert.Single(_publisher.Delivered)).DetailType);
    }

    [Fact]
    public async Task A_write_an_scp_denies_is_a_final_block_announced_on_the_first_delivery_while_the_message_still_fails()
    {
        _appliers.Denied[DistributionKey] = "explicit deny in a service control policy";

        var outcome = await Process(1, ("m1", Org.Join(A, T1, "event-1")));

        Assert.Equal(MessageStatus.Failed, outcome.Messages[0].Status);
        var sent = Notice(Assert.Single(_publisher.Delivered));
        Assert.Equal(AccountSyncNotice.FailedDetailType, sent.DetailType);
        Assert.Equal(
            [(AggregatorKey, TargetSyncOutcome.Applied), (DistributionKey, TargetSyncOutcome.Blocked)],
            sent.Targets.Select(t => (t.Target, t.Outcome)));
    }

    [Fact]
    public async Task A_unit_that_throws_after_the_ledger_fails_only_the_new_change_not_a_redelivered_one_it_already_holds()
    {
        await Process(1, ("m1", FakePublisher.WithTask(Org.Join(A, T1, "event-1"), "token-1")));
        _appliers.Throwing[AggregatorKey] = "storage went away";

        var outcome = await Process(2, ("m1", FakePublisher.WithTask(Org.Join(A, T1, "event-1"), "token-1")), ("m2", Org.Join(B, T2, "event-2")));

        Assert.Equal(["m2"], outcome.ToSqsBatchResponse().BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Single(_publisher.Delivered); // event-1's, from its first delivery; event-2 waits for its redelivery
    }

    [Fact]
    public async Task A_leave_the_aggregator_cannot_take_its_last_account_is_announced_at_once_as_failed_not_completed()
    {
        await Process(1, ("m1", Org.Join(A, T1, "event-1")));
        _publisher.Events.Clear();
        _appliers.Warning[AggregatorKey] = "would be left with no accounts; it stays as it is";

        await Process(1, ("m2", Org.Leave(A, T2, "event-2")));

        var sent = Notice(Assert.Single(_publisher.Delivered));
        Assert.Equal(AccountSyncNotice.FailedDetailType, sent.DetailType);
        Assert.Equal(
            [(AggregatorKey, TargetSyncOutcome.Blocked), (DistributionKey, TargetSyncOutcome.Applied)],
            sent.Targets.Select(t => (t.Target, t.Outcome)));
    }

    [Fact]
    public async Task A_refused_membership_is_a_final_block_announced_at_once_while_the_message_still_fails()
    {
        _directory.With(A, AccountState.Suspended);

        var outcome = await Process(1, ("m1", Org.Join(A, T1, "event-1")));

        Assert.Equal(MessageStatus.Failed, outcome.Messages[0].Status);
        var sent = Notice(Assert.Single(_publisher.Delivered));
        Assert.Equal(AccountSyncNotice.FailedDetailType, sent.DetailType);
        Assert.All(sent.Targets, t => Assert.Equal(TargetSyncOutcome.Blocked, t.Outcome));
        Assert.Contains("SUSPENDED", sent.Targets[0].Reason, StringComparison.Ordinal);

        await Process(2, ("m1", Org.Join(A, T1, "event-1")));
        Assert.Single(_publisher.Events);
    }

    [Fact]
    public async Task A_membership_that_cannot_be_decided_yet_waits_for_the_redelivery()
    {
        _directory.With(A, AccountState.PendingActivation);

        await Process(1, ("m1", Org.Join(A, T1, "event-1")));

        Assert.Empty(_publisher.Events);
    }

    [Fact]
    public async Task An_excluded_account_and_a_leave_that_changes_nothing_complete()
    {
        await Process(1, ("excluded", Org.Join(Excluded, T1, "event-x")), ("leave", Org.Leave(B, T1, "event-l")));

        var notices = _publisher.Delivered.Select(Notice).ToDictionary(n => n.AccountId);
        Assert.All(notices.Values, n => Assert.Equal(AccountSyncNotice.CompletedDetailType, n.DetailType));
        Assert.All(notices[Excluded].Targets, t => Assert.Equal(TargetSyncOutcome.Excluded, t.Outcome));
        Assert.Equal("leave", notices[B].Action);
        Assert.All(notices[B].Targets, t => Assert.Equal(TargetSyncOutcome.AlreadyInPlace, t.Outcome));
    }

    [Fact]
    public async Task A_join_undone_by_a_newer_leave_of_the_same_batch_is_superseded_and_the_leave_completes()
    {
        await Process(1, ("join", Org.Join(A, T1, "event-join")), ("leave", Org.Leave(A, T2, "event-leave")));

        var notices = _publisher.Delivered.Select(Notice).ToDictionary(n => n.EventId);
        Assert.Equal(AccountSyncNotice.FailedDetailType, notices["event-join"].DetailType);
        Assert.All(notices["event-join"].Targets, t => Assert.Equal(TargetSyncOutcome.Superseded, t.Outcome));
        Assert.Contains("a newer leave", notices["event-join"].Targets[0].Reason, StringComparison.Ordinal);
        Assert.Equal(AccountSyncNotice.CompletedDetailType, notices["event-leave"].DetailType);
    }

    [Fact]
    public async Task An_older_join_overtaken_by_a_newer_join_is_in_place_as_soon_as_the_newer_one_is()
    {
        await Process(1, ("old", Org.Join(A, T1, "event-old")), ("new", Org.Join(A, T2, "event-new")));
        await Process(1, ("older", Org.Join(A, T1.AddMinutes(-1), "event-older")));

        var notices = _publisher.Delivered.Select(Notice).ToDictionary(n => n.EventId);
        Assert.All(notices.Values, n => Assert.Equal(AccountSyncNotice.CompletedDetailType, n.DetailType));
        Assert.Contains("a newer join of the same batch", notices["event-old"].Targets[0].Reason, StringComparison.Ordinal);
        Assert.Contains("was already applied", notices["event-older"].Targets[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_join_arriving_after_a_newer_blocked_join_is_blocked_too_not_completed()
    {
        // The newer join (a custom request, say) is kept out of targetAccountIds: the account lacks the Image Builder role.
        _appliers.Blocking[(DistributionKey, A)] = "no cross-account role";
        var newer = await Process(1, ("new", Org.Join(A, T2, "event-new")));

        Assert.Equal(MessageStatus.Failed, newer.Messages[0].Status);
        Assert.Empty(_publisher.Events);
        Assert.True((await _ledger.ReadAsync(DistributionKey, [A], CancellationToken.None))[A].Blocked);

        // The vending pipeline's older join, delivered late, is applied again and blocked again: not announced as completed.
        var older = await Process(3, ("old", Org.Join(A, T1, "event-old")));

        Assert.Equal(MessageStatus.Failed, older.Messages[0].Status);
        var failed = Notice(Assert.Single(_publisher.Delivered));
        Assert.Equal("event-old", failed.EventId);
        Assert.Equal(AccountSyncNotice.FailedDetailType, failed.DetailType);
        Assert.Equal(
            [(AggregatorKey, TargetSyncOutcome.AlreadyInPlace), (DistributionKey, TargetSyncOutcome.Blocked)],
            failed.Targets.Select(t => (t.Target, t.Outcome)));
        Assert.Contains("blocked from targetAccountIds: no cross-account role", failed.Targets[1].Reason, StringComparison.Ordinal);

        // Once the role exists, a copy of the older join completes; the ledger keeps the newer join (still blocked), so
        // the newer join's redelivery is applied and completes too, and only then is the older join stale.
        _appliers.Blocking.Clear();
        await Process(1, ("old-copy", Org.Join(A, T1, "event-old-copy")));
        Assert.True((await _ledger.ReadAsync(DistributionKey, [A], CancellationToken.None))[A] is { Kind: ChangeKind.Join, Blocked: true } entry
            && entry.Time == T2.AddTicks(-1));
        await Process(2, ("new", Org.Join(A, T2, "event-new")));
        await Process(1, ("late", Org.Join(A, T1, "event-late")));

        var notices = _publisher.Delivered.Select(Notice).ToDictionary(n => n.EventId);
        Assert.Equal(AccountSyncNotice.CompletedDetailType, notices["event-old-copy"].DetailType);
        Assert.Equal(AccountSyncNotice.CompletedDetailType, notices["event-new"].DetailType);
        Assert.Equal(new AppliedChange(ChangeKind.Join, T2), (await _ledger.ReadAsync(DistributionKey, [A], CancellationToken.None))[A]);
        Assert.Equal(AccountSyncNotice.CompletedDetailType, notices["event-late"].DetailType);
        Assert.Contains("a newer join", notices["event-late"].Targets[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_leave_arriving_after_a_newer_blocked_join_stays_superseded()
    {
        _appliers.Blocking[(DistributionKey, A)] = "no cross-account role";
        await Process(1, ("new", Org.Join(A, T2, "event-new")));

        await Process(1, ("leave", Org.Leave(A, T1, "event-leave")));

        Assert.Contains(A, _appliers.Accounts(DistributionKey)); // the launch permission the blocked join granted stays
        var sent = Notice(Assert.Single(_publisher.Delivered));
        Assert.Equal("event-leave", sent.EventId);
        Assert.All(sent.Targets, t => Assert.Equal(TargetSyncOutcome.Superseded, t.Outcome));
    }

    [Fact]
    public async Task An_older_join_whose_newer_twin_failed_comes_back_until_it_can_be_announced()
    {
        _appliers.Failing[DistributionKey] = "scripted failure";

        var outcome = await Process(1, ("old", Org.Join(A, T1, "event-old")), ("new", Org.Join(A, T2, "event-new")));

        Assert.Equal(["old", "new"], outcome.ToSqsBatchResponse().BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Contains($"{DistributionKey} is not settled yet", outcome.Messages[0].Reason, StringComparison.Ordinal);
        Assert.Empty(_publisher.Events);
    }

    [Fact]
    public async Task Joins_report_each_channel_Region_and_scopes_and_moves_say_why_a_target_is_left_alone()
    {
        _directory.With(A, AccountState.Active, "ou-ab12-dev00001");

        await Process(WithChannels, 1, ("join", Org.Join(A, T1, "event-join")), ("move", Org.MoveAccount(B, T1, "ou-ab12-dev00001")));

        var notices = _publisher.Delivered.Select(Notice).ToDictionary(n => n.AccountId);
        Assert.Equal(
            [
                ("aggregator/us-east-1/org-aggregator", TargetSyncOutcome.Applied),
                ("aggregator/us-east-1/prod-aggregator", TargetSyncOutcome.LeftAlone),
                ($"delivery-channel/{A}/us-east-1", TargetSyncOutcome.Applied),
                ($"delivery-channel/{A}/eu-west-1", TargetSyncOutcome.Applied),
            ],
            notices[A].Targets.Select(t => (t.Target, t.Outcome)));
        Assert.Equal("outside the target's scope (ou-ab12-prod0001)", notices[A].Targets[1].Reason);
        Assert.Equal("move", notices[B].Action);
        Assert.Equal("a move changes only targets with a scope", notices[B].Targets[0].Reason);
        Assert.Equal(AccountSyncNotice.CompletedDetailType, notices[B].DetailType);
        Assert.All(_publisher.Events, e => Assert.Equal(new NotificationSettings("vending", "acme.orgsync"), e.Destination));
    }

    [Fact]
    public async Task A_leave_concerns_no_delivery_channel()
    {
        await Process(WithChannels, 1, ("leave", Org.Leave(A, T1, "event-leave")));

        Assert.DoesNotContain(Notice(Assert.Single(_publisher.Delivered)).Targets, t => t.Target.StartsWith("delivery-channel/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_requests_and_ignored_or_invalid_inputs_announce_nothing()
    {
        await Process(1, ("check", Org.ReconcileAccount(A, T1)), ("bad", "{"), ("other", Org.Join(A, T1).Replace("acme.vending", "someone.else", StringComparison.Ordinal)));

        Assert.Empty(_publisher.Events);
    }

    [Fact]
    public async Task Without_notifications_nothing_is_announced()
    {
        await Process(Org.Targets, 1, ("m1", Org.Join(A, T1, "event-1")));

        Assert.Empty(_publisher.EventAttempts);
    }

    [Fact]
    public async Task An_event_EventBridge_refused_fails_its_message_and_the_redelivery_sends_the_first_detail_again()
    {
        _publisher.EventFate = _ => SendStatus.NotSent;
        var first = await Process(1, ("m1", Org.Join(A, T1, "event-1")));

        Assert.Equal(MessageStatus.Failed, first.Messages[0].Status);
        Assert.Contains($"account {A}: its completion event could not be sent (scripted NotSent)", first.Messages[0].Reason, StringComparison.Ordinal);
        Assert.Empty(_publisher.Events);
        Assert.Equal(1, _metrics.Sum(MetricNames.NotificationsFailed));
        var firstDetail = Assert.Single(first.Completions.Events).Event.Detail;

        _publisher.EventFate = _ => SendStatus.Sent;
        var second = await Process(2, ("m1", Org.Join(A, T1, "event-1")));

        Assert.Equal(MessageStatus.Succeeded, second.Messages[0].Status);
        var sent = Assert.Single(_publisher.Delivered);
        Assert.Equal(firstDetail, sent.Detail); // "applied" as first computed, not "already in place"
        Assert.Equal(TargetSyncOutcome.Applied, Notice(sent).Targets[0].Outcome);
        Assert.Equal(2, _appliers.Applies(AggregatorKey) + _appliers.Applies(DistributionKey)); // the writes were not repeated
    }

    [Fact]
    public async Task After_a_lost_response_the_resend_carries_the_same_id_and_detail_and_then_nothing_is_sent_again()
    {
        _publisher.EventFate = _ => SendStatus.Unknown;
        var first = await Process(1, ("m1", Org.Join(A, T1, "event-1")));
        Assert.Equal(MessageStatus.Failed, first.Messages[0].Status);

        _publisher.EventFate = _ => SendStatus.Sent;
        await Process(2, ("m1", Org.Join(A, T1, "event-1")));
        await Process(3, ("m1", Org.Join(A, T1, "event-1")));

        var delivered = _publisher.Delivered;
        Assert.Equal(2, delivered.Length);
        Assert.Equal(delivered[0], delivered[1]);
    }

    [Fact]
    public async Task A_task_token_gets_one_success_callback_with_the_detail_as_output()
    {
        var body = FakePublisher.WithTask(Org.Join(A, T1, "event-1"), "token-1", "PLAT-1");

        await Process(1, ("m1", body));
        await Process(2, ("m1", body));

        var (token, callback) = Assert.Single(_publisher.Callbacks);
        Assert.Equal("token-1", token);
        Assert.True(callback.Succeeded);
        Assert.Equal(Assert.Single(_publisher.Delivered).Detail, callback.Output);
        Assert.Single(_publisher.CallbackAttempts);
        Assert.Equal(1, _metrics.Sum(MetricNames.TaskCallbacksSent));
    }

    [Fact]
    public async Task A_request_with_several_accounts_answers_its_task_once_every_account_is_announced()
    {
        _appliers.Failing[DistributionKey] = "scripted failure";
        var body = FakePublisher.WithTask(Org.Custom("join", T1, "event-1", A, Excluded), "token-1");

        await Process(1, ("m1", body));

        Assert.Single(_publisher.Events); // the excluded account is final at once
        Assert.Empty(_publisher.Callbacks);

        _appliers.Failing.Clear();
        await Process(2, ("m1", body));

        Assert.Equal(2, _publisher.Events.Count);
        var (_, callback) = Assert.Single(_publisher.Callbacks);
        var output = JsonNode.Parse(callback.Output!)!;
        Assert.Equal("event-1", output["eventId"]!.GetValue<string>());
        Assert.Equal([A, Excluded], output["accounts"]!.AsArray().Select(a => a!["accountId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_dead_lettered_request_fails_its_task_with_the_reasons()
    {
        _appliers.Failing[DistributionKey] = "scripted failure";
        var body = FakePublisher.WithTask(Org.Join(A, T1, "event-1"), "token-1");

        for (var delivery = 1; delivery <= 3; delivery++)
        {
            await Process(delivery, ("m1", body));
        }

        var (_, callback) = Assert.Single(_publisher.Callbacks);
        Assert.False(callback.Succeeded);
        Assert.Equal(AccountSyncNotice.TaskFailureError, callback.Error);
        Assert.Equal($"{DistributionKey}: failed: scripted failure", callback.Cause);
    }

    [Fact]
    public async Task A_callback_that_could_not_be_sent_is_sent_on_the_redelivery_without_a_second_event()
    {
        _publisher.CallbackFate = _ => SendStatus.NotSent;
        var body = FakePublisher.WithTask(Org.Join(A, T1, "event-1"), "token-1");

        var first = await Process(1, ("m1", body));

        Assert.Equal(MessageStatus.Failed, first.Messages[0].Status);
        Assert.Contains("task callback could not be sent", first.Messages[0].Reason, StringComparison.Ordinal);
        Assert.Equal(1, _metrics.Sum(MetricNames.TaskCallbacksFailed));

        _publisher.CallbackFate = _ => SendStatus.Sent;
        var second = await Process(2, ("m1", body));

        Assert.Equal(MessageStatus.Succeeded, second.Messages[0].Status);
        Assert.Single(_publisher.Callbacks);
        Assert.Single(_publisher.Events);
    }

    [Fact]
    public async Task A_callback_whose_response_was_lost_completes_when_the_redelivery_finds_the_token_closed()
    {
        _publisher.CallbackFate = _ => SendStatus.Unknown;
        var body = FakePublisher.WithTask(Org.Join(A, T1, "event-1"), "token-1");
        await Process(1, ("m1", body));

        var second = await Process(2, ("m1", body));
        await Process(3, ("m1", body));

        Assert.Equal(MessageStatus.Succeeded, second.Messages[0].Status);
        Assert.Equal([SendStatus.Unknown, SendStatus.TokenClosed], _publisher.CallbackAttempts.Select(a => a.Status));
        Assert.True(Assert.Single(second.Completions.Callbacks).Delivered);
        Assert.Single(_publisher.Callbacks);
    }

    [Fact]
    public async Task A_token_that_is_closed_from_the_start_is_not_retried_and_does_not_fail_the_message()
    {
        _publisher.CallbackFate = _ => SendStatus.TokenClosed;

        var outcome = await Process(1, ("m1", FakePublisher.WithTask(Org.Join(A, T1, "event-1"), "expired")));
        await Process(1, ("copy", FakePublisher.WithTask(Org.Join(A, T1, "event-1"), "expired")));

        Assert.Equal(MessageStatus.Succeeded, outcome.Messages[0].Status);
        Assert.Single(_publisher.CallbackAttempts);
        Assert.Equal(1, _metrics.Sum(MetricNames.TaskCallbacksFailed));
    }

    private static AccountSyncNotice Notice(CompletionEvent sent) => AccountSyncNotice.FromDetailJson(sent.Detail);

    private Task<BatchOutcome> Process(int receiveCount, params (string Id, string Body)[] messages) => Process(Targets, receiveCount, messages);

    private Task<BatchOutcome> Process(TargetsFile targets, int receiveCount, params (string Id, string Body)[] messages) =>
        Deliver(targets, [.. messages.Select(m => (m.Id, m.Body, receiveCount))]);

    private Task<BatchOutcome> Deliver(TargetsFile targets, params (string Id, string Body, int ReceiveCount)[] messages)
    {
        var processor = new BatchProcessor(
            targets,
            new PipelinePorts(_appliers, _ledger, new InMemoryTargetLease(), _directory) { Notifier = _publisher, Announcements = _announcements },
            new PipelineOptions { MaxReceiveCount = 3, Metrics = _metrics });
        return processor.ProcessAsync(
            [.. messages.Select(m => new InboundMessage(m.Id, m.Body) { ReceiveCount = m.ReceiveCount })],
            new BatchContext("test", DateTimeOffset.UtcNow.AddMinutes(1)),
            CancellationToken.None);
    }
}
