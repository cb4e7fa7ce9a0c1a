using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Queues;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Tests.Shared;

namespace OrgSync.Aws.Tests.Queues;

public sealed class SqsChannelChecksTests
{
    private const string QueueUrl = "https://sqs.eu-west-1.amazonaws.com/111111111111/orgsync";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), ManualTimerMode.SkipAhead);

    [Fact]
    public async Task An_entry_SQS_failed_on_its_side_is_sent_again_alone_and_counted_once_accepted()
    {
        var aws = new ScriptedAws()
            .Then("SendMessageBatch", QueueSenderTests.Accept(failed: new() { ["1"] = ("InternalError", false) }))
            .On("SendMessageBatch", QueueSenderTests.Accept());
        using var clients = TestAws.Factory(aws);

        var sent = await Checks(clients).SendAsync(Requests(3), Deadline, None);

        Assert.Equal(3, sent);
        Assert.Equal(2, aws.Requests.Count);
        Assert.Equal(["m1"], Bodies(aws.Requests[1]));
    }

    [Fact]
    public async Task An_entry_refused_as_the_senders_fault_is_not_sent_again_nor_counted()
    {
        var aws = new ScriptedAws().On("SendMessageBatch", QueueSenderTests.Accept(failed: new() { ["1"] = ("InvalidParameterValue", true) }));
        using var clients = TestAws.Factory(aws);

        var sent = await Checks(clients).SendAsync(Requests(3), Deadline, None);

        Assert.Equal(2, sent);
        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task A_throttled_call_is_retried_and_the_batches_after_it_are_sent()
    {
        var aws = new ScriptedAws()
            .Then("SendMessageBatch", _ => Reply.JsonError(400, "com.amazonaws.sqs#RequestThrottled", "Rate exceeded", "application/x-amz-json-1.0"))
            .On("SendMessageBatch", QueueSenderTests.Accept());
        using var clients = TestAws.Factory(aws);

        var sent = await Checks(clients).SendAsync(Requests(25), Deadline, None);

        Assert.Equal(25, sent);
        Assert.Equal([10, 10, 10, 5], aws.Requests.Select(r => Bodies(r).Count));
    }

    [Fact]
    public async Task Entries_still_failing_when_the_retries_run_out_are_left_out_and_the_next_batches_are_sent()
    {
        var aws = new ScriptedAws().On("SendMessageBatch", request =>
            QueueSenderTests.Accept(Bodies(request)[0] == "m0" ? new() { ["0"] = ("InternalError", false) } : null)(request));
        using var clients = TestAws.Factory(aws);

        var sent = await Checks(clients, maxAttempts: 3).SendAsync(Requests(12), Deadline, None);

        Assert.Equal(11, sent);
        Assert.Equal(3 + 1, aws.Requests.Count); // the batch, m0 twice more, the second batch
    }

    [Fact]
    public async Task No_batch_is_started_once_the_deadline_is_reached()
    {
        var deadline = Deadline;
        var aws = new ScriptedAws().On("SendMessageBatch", request =>
        {
            _time.Advance(deadline - _time.GetUtcNow()); // the first batch takes until the deadline
            return QueueSenderTests.Accept()(request);
        });
        using var clients = TestAws.Factory(aws);

        var sent = await Checks(clients).SendAsync(Requests(25), deadline, None);

        Assert.Equal(10, sent);
        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task A_call_that_fails_for_good_stops_the_sending_and_what_was_accepted_is_counted()
    {
        var aws = new ScriptedAws()
            .Then("SendMessageBatch", QueueSenderTests.Accept())
            .On("SendMessageBatch", _ => Reply.JsonError(400, "com.amazonaws.sqs#QueueDoesNotExist", "The specified queue does not exist.", "application/x-amz-json-1.0"));
        using var clients = TestAws.Factory(aws);

        var sent = await Checks(clients).SendAsync(Requests(25), Deadline, None);

        Assert.Equal(10, sent);
        Assert.Equal(2, aws.Requests.Count);
    }

    private DateTimeOffset Deadline => _time.GetUtcNow().AddMinutes(5);

    private SqsChannelChecks Checks(AwsClientFactory clients, int maxAttempts = 10) =>
        new(() => clients, QueueUrl, "eu-west-1", new ApplierOptions { Time = _time, Random = new Random(3), MaxAttempts = maxAttempts });

    private static List<string> Requests(int count) => [.. Enumerable.Range(0, count).Select(i => $"m{i}")];

    private static List<string> Bodies(RecordedRequest request) =>
        [.. request.Json!["Entries"]!.AsArray().Select(entry => entry!["MessageBody"]!.GetValue<string>())];
}
