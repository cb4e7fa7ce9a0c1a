using System.Collections.Immutable;
using System.Text.Json;
using OrgSync.Core.Notifications;

namespace OrgSync.Core.Tests.Notifications;

/// <summary>SPEC §7: the completion event's detail, its id, its detail-type and what a failure callback says.</summary>
public sealed class AccountSyncNoticeTests
{
    private static readonly DateTimeOffset EventTime = new(2026, 11, 1, 9, 40, 0, TimeSpan.Zero);

    private static TargetSyncReport Report(TargetSyncOutcome outcome, string target = "aggregator/us-east-1/org", string reason = "written", bool isFinal = true) =>
        new(target, outcome, reason, isFinal);

    private static AccountSyncNotice Notice(params TargetSyncReport[] targets) =>
        new("222222222222", "join", "3f1c9a52-6a0e-4d7b-9b3e-0a1f2c3d4e05", "PLAT-4312", EventTime, [.. targets]);

    [Fact]
    public void The_detail_has_exactly_the_spec_members_in_a_fixed_order()
    {
        var notice = Notice(
            Report(TargetSyncOutcome.Applied),
            Report(TargetSyncOutcome.LeftAlone, "delivery-channel/222222222222/us-east-1", "managed by Control Tower (aws-controltower-BaselineConfigDeliveryChannel)"));

        var id = AccountSyncNotice.IdFor("3f1c9a52-6a0e-4d7b-9b3e-0a1f2c3d4e05", "222222222222");
        Assert.Equal(
            $$"""{"notificationId":"{{id}}","accountId":"222222222222","action":"join","eventId":"3f1c9a52-6a0e-4d7b-9b3e-0a1f2c3d4e05","requestId":"PLAT-4312","eventTime":"2026-11-01T09:40:00Z","targets":["""
            + """{"target":"aggregator/us-east-1/org","outcome":"applied","reason":"written"},"""
            + """{"target":"delivery-channel/222222222222/us-east-1","outcome":"left-alone","reason":"managed by Control Tower (aws-controltower-BaselineConfigDeliveryChannel)"}]}""",
            notice.ToDetailJson());
    }

    [Fact]
    public void A_request_without_request_id_says_null_and_sub_second_times_keep_their_digits()
    {
        var notice = Notice(Report(TargetSyncOutcome.Applied)) with { RequestId = null, EventTime = EventTime.AddTicks(1_234_500) };

        using var detail = JsonDocument.Parse(notice.ToDetailJson());

        Assert.Equal(JsonValueKind.Null, detail.RootElement.GetProperty("requestId").ValueKind);
        Assert.Equal("2026-11-01T09:40:00.12345Z", detail.RootElement.GetProperty("eventTime").GetString());
    }

    [Fact]
    public void The_notification_id_is_stable_per_event_and_account_and_differs_otherwise()
    {
        var id = AccountSyncNotice.IdFor("event-1", "222222222222");

        Assert.Equal(id, AccountSyncNotice.IdFor("event-1", "222222222222"));
        Assert.Matches("^n-[0-9a-f]{32}$", id);
        Assert.NotEqual(id, AccountSyncNotice.IdFor("event-1", "333333333333"));
        Assert.NotEqual(id, AccountSyncNotice.IdFor("event-2", "222222222222"));
    }

    [Theory]
    [InlineData(TargetSyncOutcome.Applied, true)]
    [InlineData(TargetSyncOutcome.AlreadyInPlace, true)]
    [InlineData(TargetSyncOutcome.Excluded, true)]
    [InlineData(TargetSyncOutcome.LeftAlone, true)]
    [InlineData(TargetSyncOutcome.Superseded, false)]
    [InlineData(TargetSyncOutcome.Blocked, false)]
    [InlineData(TargetSyncOutcome.Failed, false)]
    public void Completed_only_when_every_target_is_in_place(TargetSyncOutcome outcome, bool inPlace)
    {
        var notice = Notice(Report(TargetSyncOutcome.Applied), Report(outcome, "distribution/x", "why"));

        Assert.Equal(inPlace ? AccountSyncNotice.CompletedDetailType : AccountSyncNotice.FailedDetailType, notice.DetailType);
        Assert.Equal(inPlace ? string.Empty : $"distribution/x: {Report(outcome).OutcomeName}: why", notice.FailureCause);
    }

    [Fact]
    public void A_notice_is_final_only_when_every_target_is()
    {
        Assert.True(Notice(Report(TargetSyncOutcome.Applied), Report(TargetSyncOutcome.Blocked)).IsFinal);
        Assert.False(Notice(Report(TargetSyncOutcome.Applied), Report(TargetSyncOutcome.Failed, isFinal: false)).IsFinal);
    }

    [Fact]
    public void Outcome_names_round_trip()
    {
        foreach (var outcome in Enum.GetValues<TargetSyncOutcome>())
        {
            Assert.Equal(outcome, TargetSyncReport.ParseOutcome(Report(outcome).OutcomeName));
        }

        Assert.Throws<ArgumentException>(() => TargetSyncReport.ParseOutcome("done"));
    }

    [Fact]
    public void A_detail_read_back_writes_the_same_bytes()
    {
        var notice = Notice(
            Report(TargetSyncOutcome.Failed, reason: "config.PutConfigurationAggregator failed with \"ThrottlingException\" — café\u2028\t<&>"),
            Report(TargetSyncOutcome.Superseded, "distribution/arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden", "a newer leave")) with
        {
            EventTime = EventTime.AddTicks(7),
        };
        var detail = notice.ToDetailJson();

        var read = AccountSyncNotice.FromDetailJson(detail);

        Assert.Equal(detail, read.ToDetailJson());
        Assert.Equal(notice.NotificationId, read.NotificationId);
        Assert.Equal(notice.DetailType, read.DetailType);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"accountId":"222222222222"}""")]
    [InlineData("""{"notificationId":"n-00000000000000000000000000000000","accountId":"222222222222","action":"join","eventId":"e","requestId":null,"eventTime":"2026-11-01T09:40:00Z","targets":[]}""")]
    [InlineData("""{"notificationId":"n-1","accountId":"222222222222","action":"join","eventId":"e","requestId":null,"eventTime":"2026-11-01T09:40:00Z","targets":[{"target":"t","outcome":"done","reason":"r"}]}""")]
    public void A_text_that_is_not_such_a_detail_is_a_format_error(string text)
    {
        Assert.Throws<FormatException>(() => AccountSyncNotice.FromDetailJson(text));
    }

    [Fact]
    public void Reports_keep_their_order()
    {
        var targets = Enumerable.Range(0, 5).Select(i => Report(TargetSyncOutcome.Applied, $"target-{i}")).ToImmutableArray();

        var read = AccountSyncNotice.FromDetailJson(Notice([.. targets]).ToDetailJson());

        Assert.Equal(targets.Select(t => t.Target), read.Targets.Select(t => t.Target));
    }
}
