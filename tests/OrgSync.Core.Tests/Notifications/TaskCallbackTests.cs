using System.Globalization;
using System.Text;
using System.Text.Json;
using OrgSync.Core.Notifications;

namespace OrgSync.Core.Tests.Notifications;

/// <summary>SPEC §7: a custom request's one Step Functions callback, from its accounts' announced details.</summary>
public sealed class TaskCallbackTests
{
    private static readonly DateTimeOffset EventTime = new(2026, 11, 1, 9, 40, 0, TimeSpan.Zero);

    private static CompletionEvent Event(string account, params (TargetSyncOutcome Outcome, string Reason)[] targets) =>
        CompletionEvent.From(new AccountSyncNotice(
            account,
            "join",
            "event-1",
            "PLAT-4312",
            EventTime,
            [.. targets.Select((t, i) => new TargetSyncReport($"target-{i}", t.Outcome, t.Reason, IsFinal: true))]));

    [Fact]
    public void A_one_account_request_that_completed_gets_its_detail_as_output_exactly()
    {
        var completed = Event("222222222222", (TargetSyncOutcome.Applied, "written"));

        var callback = TaskCallback.For("event-1", "PLAT-4312", [completed]);

        Assert.Equal(new TaskCallback(true, completed.Detail, null, null), callback);
    }

    [Fact]
    public void A_failed_account_fails_the_task_with_the_reasons_as_cause()
    {
        var failed = Event("222222222222", (TargetSyncOutcome.Applied, "written"), (TargetSyncOutcome.Failed, "NoAvailableConfigurationRecorderException"));

        var callback = TaskCallback.For("event-1", null, [failed]);

        Assert.False(callback.Succeeded);
        Assert.Null(callback.Output);
        Assert.Equal("OrgSync.AccountSyncFailed", callback.Error);
        Assert.Equal("target-1: failed: NoAvailableConfigurationRecorderException", callback.Cause);
    }

    [Fact]
    public void Several_accounts_succeed_together_with_every_detail_or_fail_naming_each_failed_account()
    {
        var first = Event("222222222222", (TargetSyncOutcome.Applied, "written"));
        var second = Event("333333333333", (TargetSyncOutcome.AlreadyInPlace, "already applied"));
        var blocked = Event("444444444444", (TargetSyncOutcome.Blocked, "account 444444444444 is SUSPENDED"));

        var success = TaskCallback.For("event-1", "PLAT-4312", [first, second]);
        var failure = TaskCallback.For("event-1", "PLAT-4312", [first, blocked, second]);

        Assert.True(success.Succeeded);
        Assert.Equal($$"""{"eventId":"event-1","requestId":"PLAT-4312","accounts":[{{first.Detail}},{{second.Detail}}]}""", success.Output);
        Assert.Equal("account 444444444444: target-0: blocked: account 444444444444 is SUSPENDED", failure.Cause);
    }

    [Fact]
    public void An_output_over_256_KiB_lists_the_accounts_shortly_and_cuts_the_list_if_it_must()
    {
        var reason = new string('x', 2000);
        var many = Enumerable.Range(0, 200).Select(i => Event((300_000_000_000L + i).ToString(CultureInfo.InvariantCulture), (TargetSyncOutcome.Applied, reason))).ToList();
        var huge = Enumerable.Range(0, 5000).Select(i => Event((300_000_000_000L + i).ToString(CultureInfo.InvariantCulture), (TargetSyncOutcome.Applied, "written"))).ToList();

        var shortened = TaskCallback.For("event-1", null, many).Output!;
        var cut = TaskCallback.For("event-1", null, huge).Output!;

        Assert.True(Encoding.UTF8.GetByteCount(shortened) <= TaskCallback.MaxOutputBytes);
        using (var document = JsonDocument.Parse(shortened))
        {
            var accounts = document.RootElement.GetProperty("accounts");
            Assert.Equal(200, accounts.GetArrayLength());
            Assert.Equal(many[7].NotificationId, accounts[7].GetProperty("notificationId").GetString());
            Assert.Equal("Account Sync Completed", accounts[7].GetProperty("detailType").GetString());
            Assert.False(document.RootElement.TryGetProperty("truncated", out _));
        }

        Assert.True(Encoding.UTF8.GetByteCount(cut) <= TaskCallback.MaxOutputBytes);
        using (var document = JsonDocument.Parse(cut))
        {
            Assert.True(document.RootElement.GetProperty("truncated").GetBoolean());
            var listed = document.RootElement.GetProperty("accounts").GetArrayLength();
            Assert.InRange(listed, 1000, 4999);
            Assert.True(TaskCallback.MaxOutputBytes - Encoding.UTF8.GetByteCount(cut) < 120, "as many accounts as fit (one is about 100 bytes)");
        }
    }

    [Fact]
    public void A_cause_longer_than_Step_Functions_takes_is_cut_without_splitting_a_character()
    {
        var failed = Event("222222222222", (TargetSyncOutcome.Failed, new string('x', TaskCallback.MaxCauseLength - 22) + "😀😀😀"));

        var cause = TaskCallback.For("event-1", null, [failed]).Cause!;

        Assert.True(cause.Length <= TaskCallback.MaxCauseLength);
        Assert.EndsWith("…", cause, StringComparison.Ordinal);
        Assert.True(char.IsLowSurrogate(cause[^2]), "the cut keeps whole characters only");
    }

    [Fact]
    public void The_stored_payload_round_trips_in_the_task_results_shape()
    {
        var success = new TaskCallback(true, """{"a":"é"}""", null, null);
        var failure = new TaskCallback(false, null, "OrgSync.AccountSyncFailed", "t: failed: \"why\"");

        Assert.Equal("""{"status":"SUCCESS","output":"{\"a\":\"é\"}"}""", success.ToPayload());
        Assert.Equal("""{"status":"FAILURE","error":"OrgSync.AccountSyncFailed","cause":"t: failed: \"why\""}""", failure.ToPayload());
        Assert.Equal(success, TaskCallback.FromPayload(success.ToPayload()));
        Assert.Equal(failure, TaskCallback.FromPayload(failure.ToPayload()));
        Assert.Throws<FormatException>(() => TaskCallback.FromPayload("""{"status":"DONE"}"""));
        Assert.Throws<FormatException>(() => TaskCallback.FromPayload("""{"status":"SUCCESS"}"""));
        Assert.Throws<FormatException>(() => TaskCallback.FromPayload("{"));
    }

    [Fact]
    public void The_callback_id_is_one_per_input_and_never_a_notification_id()
    {
        Assert.Equal(TaskCallback.IdFor("event-1"), TaskCallback.IdFor("event-1"));
        Assert.Matches("^t-[0-9a-f]{32}$", TaskCallback.IdFor("event-1"));
        Assert.NotEqual(TaskCallback.IdFor("event-1"), TaskCallback.IdFor("event-2"));
    }

    [Fact]
    public void A_request_without_accounts_has_no_callback()
    {
        Assert.Throws<ArgumentException>(() => TaskCallback.For("event-1", null, []));
    }
}
