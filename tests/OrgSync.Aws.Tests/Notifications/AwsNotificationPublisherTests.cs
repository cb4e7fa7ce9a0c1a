using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Notifications;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Aws.Tests.Models;
using OrgSync.Core.Notifications;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.Tests.Notifications;

/// <summary>The publisher port over EventBridge and Step Functions: what goes on the wire, what is retried, and what each result means.</summary>
public sealed class AwsNotificationPublisherTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly NotificationSettings Bus = new("vending", "acme.orgsync");
    private static readonly DateTimeOffset Deadline = DateTimeOffset.UtcNow.AddMinutes(5);
    private static readonly ApplierOptions Options = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2), MaxAttempts = 4 };

    private static CompletionEvent Event(int n, string? detail = null) =>
        new($"n-{n:D32}", $"{300_000_000_000L + n}", AccountSyncNotice.CompletedDetailType, detail ?? $$"""{"n":{{n}}}""");

    private static string Accepted(int count) =>
        new JsonObject { ["FailedEntryCount"] = 0, ["Entries"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["EventId"] = $"e-{i}" })]) }.ToJsonString();

    /// <summary>EventBridge with the bus the events go to (<c>DescribeEventBus</c> answers it).</summary>
    private static ScriptedAws BusExists() =>
        new ScriptedAws().On("DescribeEventBus", _ => Reply.Json(new JsonObject
        {
            ["Name"] = "vending",
            ["Arn"] = "arn:aws:events:us-east-1:111111111111:event-bus/vending",
        }));

    private static int EntryCount(RecordedRequest request) => request.Json!["Entries"]!.AsArray().Count;

    [Fact]
    public async Task Events_go_to_the_configured_bus_and_source_in_calls_of_at_most_ten()
    {
        var aws = BusExists().On("PutEvents", request => Reply.Json(Accepted(EntryCount(request))));
        using var clients = TestAws.Factory(aws);
        var events = Enumerable.Range(0, 23).Select(n => Event(n)).ToList();

        var results = await new AwsNotificationPublisher(clients, Options).PublishAsync(Bus, events, Deadline, None);

        Assert.All(results, r => Assert.Equal(SendStatus.Sent, r.Status));
        Assert.Equal([10, 10, 3], aws.For("PutEvents").Select(EntryCount));
        var first = aws.For("PutEvents")[0].Json!["Entries"]![0]!;
        Assert.Equal(("acme.orgsync", "Account Sync Completed", """{"n":0}""", "vending"),
            (first["Source"]!.GetValue<string>(), first["DetailType"]!.GetValue<string>(), first["Detail"]!.GetValue<string>(), first["EventBusName"]!.GetValue<string>()));
        Assert.All(aws.Requests, r => Assert.Equal("us-east-1", r.Region));
        Assert.All(aws.For("PutEvents"), r => ModelCheck.AssertValidInput("events", "PutEvents", r.Body));
    }

    [Fact]
    public async Task A_call_never_holds_more_than_256_KB_of_entries()
    {
        var aws = BusExists().On("PutEvents", request => Reply.Json(Accepted(EntryCount(request))));
        using var clients = TestAws.Factory(aws);
        var big = new string('x', 100_000);
        var events = Enumerable.Range(0, 5).Select(n => Event(n, $$"""{"pad":"{{big}}"}""")).ToList();

        var results = await new AwsNotificationPublisher(clients, Options).PublishAsync(Bus, events, Deadline, None);

        Assert.All(results, r => Assert.Equal(SendStatus.Sent, r.Status));
        Assert.Equal([2, 2, 1], aws.For("PutEvents").Select(EntryCount));
    }

    [Fact]
    public async Task Only_the_entries_that_failed_for_a_passing_reason_are_sent_again_and_a_refused_entry_is_not_sent()
    {
        var aws = BusExists()
            .Then("PutEvents", Reply.Json("""
                {"FailedEntryCount":2,"Entries":[
                  {"EventId":"e-0"},
                  {"ErrorCode":"ThrottlingException","ErrorMessage":"Rate exceeded"},
                  {"ErrorCode":"MalformedDetail","ErrorMessage":"Detail is malformed."}]}
                """))
            .On("PutEvents", request => Reply.Json(Accepted(EntryCount(request))));
        using var clients = TestAws.Factory(aws);

        var results = await new AwsNotificationPublisher(clients, Options).PublishAsync(Bus, [Event(0), Event(1), Event(2)], Deadline, None);

        Assert.Equal([SendStatus.Sent, SendStatus.Sent, SendStatus.NotSent], results.Select(r => r.Status));
        Assert.Contains("MalformedDetail", results[2].Reason, StringComparison.Ordinal);
        Assert.Equal(2, aws.For("PutEvents").Count);
        Assert.Equal(["""{"n":1}"""], aws.For("PutEvents")[1].Json!["Entries"]!.AsArray().Select(e => e!["Detail"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_entry_still_throttled_when_the_retries_run_out_is_not_sent()
    {
        var aws = BusExists().On("PutEvents", _ => Reply.Json("""{"FailedEntryCount":1,"Entries":[{"ErrorCode":"ThrottlingException","ErrorMessage":"Rate exceeded"}]}"""));
        using var clients = TestAws.Factory(aws);

        var results = await new AwsNotificationPublisher(clients, Options).PublishAsync(Bus, [Event(0)], Deadline, None);

        Assert.Equal(SendStatus.NotSent, Assert.Single(results).Status);
        Assert.Equal(Options.MaxAttempts, aws.For("PutEvents").Count);
    }

    [Fact]
    public async Task A_server_error_is_retried_with_the_same_entries_and_a_success_after_it_is_sent()
    {
        var aws = BusExists()
            .Then("PutEvents", Reply.JsonError(500, "InternalException", "internal error"))
            .On("PutEvents", request => Reply.Json(Accepted(EntryCount(request))));
        using var clients = TestAws.Factory(aws);

        var results = await new AwsNotificationPublisher(clients, Options).PublishAsync(Bus, [Event(0), Event(1)], Deadline, None);

        Assert.All(results, r => Assert.Equal(SendStatus.Sent, r.Status));
        Assert.Equal(aws.For("PutEvents")[0].Body, aws.For("PutEvents")[1].Body);
    }

    [Fact]
    public async Task Server_errors_to_the_end_leave_the_outcome_unknown_and_a_refused_call_is_not_sent()
    {
        var failing = BusExists().On("PutEvents", _ => Reply.JsonError(503, "ServiceUnavailable"));
        var refusing = BusExists().On("PutEvents", _ => Reply.JsonError(400, "AccessDeniedException", "not authorized to perform: events:PutEvents"));
        using var failingClients = TestAws.Factory(failing);
        using var refusingClients = TestAws.Factory(refusing);

        var unknown = await new AwsNotificationPublisher(failingClients, Options).PublishAsync(Bus, [Event(0)], Deadline, None);
        var refused = await new AwsNotificationPublisher(refusingClients, Options).PublishAsync(Bus, [Event(0)], Deadline, None);

        Assert.Equal(SendStatus.Unknown, Assert.Single(unknown).Status);
        Assert.Equal(SendStatus.NotSent, Assert.Single(refused).Status);
        Assert.Contains("AccessDeniedException", refused[0].Reason, StringComparison.Ordinal);
        Assert.Single(refusing.For("PutEvents"));
    }

    [Fact]
    public async Task An_entry_refused_right_after_a_lost_response_may_still_have_landed()
    {
        var aws = BusExists()
            .Then("PutEvents", Reply.JsonError(500, "InternalException"))
            .On("PutEvents", _ => Reply.Json("""{"FailedEntryCount":1,"Entries":[{"ErrorCode":"MalformedDetail","ErrorMessage":"no"}]}"""));
        using var clients = TestAws.Factory(aws);

        var results = await new AwsNotificationPublisher(clients, Options).PublishAsync(Bus, [Event(0)], Deadline, None);

        Assert.Equal(SendStatus.Unknown, Assert.Single(results).Status);
    }

    [Fact]
    public async Task A_bus_ARN_is_reached_in_its_own_Region()
    {
        var aws = BusExists().On("PutEvents", request => Reply.Json(Accepted(EntryCount(request))));
        using var clients = TestAws.Factory(aws);

        await new AwsNotificationPublisher(clients, Options).PublishAsync(
            Bus with { EventBusName = "arn:aws:events:eu-west-1:111111111111:event-bus/vending" }, [Event(0)], Deadline, None);

        Assert.All(aws.Requests, r => Assert.Equal("eu-west-1", r.Region));
        Assert.Equal("arn:aws:events:eu-west-1:111111111111:event-bus/vending", Assert.Single(aws.For("DescribeEventBus")).Json!["Name"]!.GetValue<string>());
        Assert.Single(aws.For("PutEvents"));
        Assert.Equal("eu-west-1", AwsNotificationPublisher.RegionOf("arn:aws:events:eu-west-1:111111111111:event-bus/vending"));
        Assert.Null(AwsNotificationPublisher.RegionOf("vending"));
    }

    [Fact]
    public async Task A_bus_that_does_not_exist_fails_every_event_and_nothing_is_put()
    {
        var aws = new ScriptedAws()
            .On("DescribeEventBus", _ => Reply.JsonError(400, "ResourceNotFoundException", "Event bus vending does not exist."))
            .On("PutEvents", request => Reply.Json(Accepted(EntryCount(request))));
        using var clients = TestAws.Factory(aws);
        var publisher = new AwsNotificationPublisher(clients, Options);

        var results = await publisher.PublishAsync(Bus, [Event(0), Event(1)], Deadline, None);
        var again = await publisher.PublishAsync(Bus, [Event(2)], Deadline, None);

        // EventBridge would accept these and drop them (FailedEntryCount 0): they must fail, be retried and dead-lettered instead.
        Assert.All(results.Concat(again), r => Assert.Equal(SendStatus.NotSent, r.Status));
        Assert.Equal(
            "event bus 'vending' does not exist in us-east-1 (EventBridge would accept and drop the events): create it or fix notifications.eventBusName",
            results[0].Reason);
        Assert.Empty(aws.For("PutEvents"));
        Assert.Equal(2, aws.For("DescribeEventBus").Count); // asked again: the bus may have been created meanwhile
        var describe = aws.For("DescribeEventBus")[0];
        Assert.Equal("""{"Name":"vending"}""", describe.Body);
        ModelCheck.AssertValidInput("events", "DescribeEventBus", describe.Body);
    }

    [Fact]
    public async Task An_existing_bus_is_checked_once_for_many_publishes_even_at_once()
    {
        var aws = BusExists().On("PutEvents", request => Reply.Json(Accepted(EntryCount(request))));
        using var clients = TestAws.Factory(aws);
        var publisher = new AwsNotificationPublisher(clients, Options);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => publisher.PublishAsync(Bus, [Event(n)], Deadline, None)));
        await publisher.PublishAsync(Bus, [Event(9)], Deadline, None);

        Assert.All(results.SelectMany(r => r), r => Assert.Equal(SendStatus.Sent, r.Status));
        Assert.Single(aws.For("DescribeEventBus"));
        Assert.Equal(9, aws.For("PutEvents").Count);
    }

    [Fact]
    public async Task A_check_that_cannot_tell_puts_the_events_anyway_and_is_asked_again_next_time()
    {
        var aws = new ScriptedAws()
            .Then("DescribeEventBus", Reply.JsonError(400, "AccessDeniedException", "not authorized to perform: events:DescribeEventBus"))
            .Then("DescribeEventBus", Reply.JsonError(500, "InternalException"))
            .On("DescribeEventBus", _ => Reply.JsonError(400, "ResourceNotFoundException", "Event bus vending does not exist."))
            .On("PutEvents", request => Reply.Json(Accepted(EntryCount(request))));
        using var clients = TestAws.Factory(aws);
        var publisher = new AwsNotificationPublisher(clients, Options);

        var denied = await publisher.PublishAsync(Bus, [Event(0)], Deadline, None);
        var failed = await publisher.PublishAsync(Bus, [Event(1)], Deadline, None);
        var missing = await publisher.PublishAsync(Bus, [Event(2)], Deadline, None);
        var stillMissing = await publisher.PublishAsync(Bus, [Event(3)], Deadline, None);

        Assert.Equal(
            [SendStatus.Sent, SendStatus.Sent, SendStatus.NotSent, SendStatus.NotSent],
            new[] { denied, failed, missing, stillMissing }.Select(r => Assert.Single(r).Status));
        Assert.Equal(4, aws.For("DescribeEventBus").Count);
        Assert.Equal(2, aws.For("PutEvents").Count);
    }

    [Fact]
    public async Task A_success_callback_carries_the_output_and_a_failure_the_error_and_cause()
    {
        var aws = new ScriptedAws()
            .On("SendTaskSuccess", _ => Reply.Json("{}", "application/x-amz-json-1.0"))
            .On("SendTaskFailure", _ => Reply.Json("{}", "application/x-amz-json-1.0"));
        using var clients = TestAws.Factory(aws);
        var publisher = new AwsNotificationPublisher(clients, Options);

        var success = await publisher.SendTaskCallbackAsync("token-1", new TaskCallback(true, """{"a":1}""", null, null), Deadline, None);
        var failure = await publisher.SendTaskCallbackAsync("token-2", new TaskCallback(false, null, "OrgSync.AccountSyncFailed", "t: failed: why"), Deadline, None);

        Assert.Equal((SendStatus.Sent, SendStatus.Sent), (success.Status, failure.Status));
        Assert.Equal("""{"taskToken":"token-1","output":"{\u0022a\u0022:1}"}""", aws.For("SendTaskSuccess")[0].Body);
        Assert.Equal("""{"taskToken":"token-2","error":"OrgSync.AccountSyncFailed","cause":"t: failed: why"}""", aws.For("SendTaskFailure")[0].Body);
        Assert.All(aws.Requests, r => Assert.Equal(("states", "us-east-1"), (r.Service, r.Region)));
    }

    [Theory]
    [InlineData("TaskTimedOut")]
    [InlineData("InvalidToken")]
    [InlineData("TaskDoesNotExist")]
    public async Task A_closed_token_is_closed_unless_an_attempt_before_may_have_landed(string code)
    {
        var closed = new ScriptedAws().On("SendTaskSuccess", _ => Reply.JsonError(400, code, "Task Timed Out", "application/x-amz-json-1.0"));
        var lost = new ScriptedAws()
            .Then("SendTaskSuccess", Reply.JsonError(502, "InternalFailure", "bad gateway", "application/x-amz-json-1.0"))
            .On("SendTaskSuccess", _ => Reply.JsonError(400, code, "Task Timed Out", "application/x-amz-json-1.0"));
        using var closedClients = TestAws.Factory(closed);
        using var lostClients = TestAws.Factory(lost);
        var callback = new TaskCallback(true, "{}", null, null);

        var refused = await new AwsNotificationPublisher(closedClients, Options).SendTaskCallbackAsync("token-1", callback, Deadline, None);
        var landed = await new AwsNotificationPublisher(lostClients, Options).SendTaskCallbackAsync("token-1", callback, Deadline, None);

        Assert.Equal(SendStatus.TokenClosed, refused.Status);
        Assert.Single(closed.Requests);
        Assert.Equal(SendStatus.Sent, landed.Status);
        Assert.Equal(2, lost.Requests.Count);
    }

    [Fact]
    public async Task A_callback_Step_Functions_keeps_failing_is_unknown_or_not_sent()
    {
        var failing = new ScriptedAws().On("SendTaskSuccess", _ => Reply.JsonError(500, "InternalFailure", "x", "application/x-amz-json-1.0"));
        var denied = new ScriptedAws().On("SendTaskSuccess", _ => Reply.JsonError(400, "AccessDeniedException", "x", "application/x-amz-json-1.0"));
        using var failingClients = TestAws.Factory(failing);
        using var deniedClients = TestAws.Factory(denied);
        var callback = new TaskCallback(true, "{}", null, null);

        Assert.Equal(SendStatus.Unknown, (await new AwsNotificationPublisher(failingClients, Options).SendTaskCallbackAsync("t", callback, Deadline, None)).Status);
        Assert.Equal(SendStatus.NotSent, (await new AwsNotificationPublisher(deniedClients, Options).SendTaskCallbackAsync("t", callback, Deadline, None)).Status);
        Assert.Equal(Options.MaxAttempts, failing.Requests.Count);
        Assert.Single(denied.Requests);
    }

    [Fact]
    public async Task Nothing_to_publish_builds_no_client()
    {
        var built = false;
        var publisher = new AwsNotificationPublisher(() => { built = true; throw new InvalidOperationException(); }, Options);

        Assert.Empty(await publisher.PublishAsync(Bus, ImmutableArray<CompletionEvent>.Empty, Deadline, None));
        Assert.False(built);
    }
}
