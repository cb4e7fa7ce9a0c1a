using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Queues;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Aws.Tests.Wire;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Tests.Queues;

public sealed class QueueSenderTests
{
    private const string QueueUrl = "https://sqs.eu-west-1.amazonaws.com/111111111111/orgsync";
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(10, new[] { 10 })]
    [InlineData(25, new[] { 10, 10, 5 })]
    [InlineData(0, new int[0])]
    public void Batches_hold_at_most_ten_entries(int count, int[] sizes)
    {
        var messages = Enumerable.Range(0, count).Select(i => new OutgoingMessage($"m{i}")).ToList();

        var batches = QueueSender.Batches(messages).ToList();

        Assert.Equal(sizes, batches.Select(b => b.Length));
        Assert.Equal(messages, batches.SelectMany(b => b));
    }

    [Fact]
    public void Batches_stay_within_256_KiB_of_bodies()
    {
        var large = new string('x', 100 * 1024);
        var messages = new[] { large, large, large, "small", new string('y', QueueSender.MaxBatchBytes), "é" }.Select(b => new OutgoingMessage(b)).ToList();

        var batches = QueueSender.Batches(messages).ToList();

        Assert.Equal([2, 2, 1, 1], batches.Select(b => b.Length));
        Assert.All(batches, b => Assert.InRange(b.Sum(m => m.Size), 1, QueueSender.MaxBatchBytes));
        Assert.Equal(2, messages[^1].Size); // UTF-8 bytes, not characters
    }

    [Fact]
    public async Task A_message_larger_than_a_batch_sends_nothing()
    {
        var aws = new ScriptedAws();
        using var clients = TestAws.Factory(aws);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            clients.Sqs("eu-west-1").SendAsync(QueueUrl, [new("ok"), new(new string('x', QueueSender.MaxBatchBytes + 1))], None));

        Assert.Contains("message 1", error.Message, StringComparison.Ordinal);
        Assert.Empty(aws.Requests);
    }

    [Fact]
    public async Task SendMessageBatch_is_an_awsJson10_POST_to_the_regional_endpoint()
    {
        var aws = new ScriptedAws().On("SendMessageBatch", Accept());
        using var clients = TestAws.Factory(aws);

        var result = await clients.Sqs("eu-west-1").SendAsync(
            QueueUrl, [new("""{"detail-type":"Reconcile Account"}""") { MessageGroupId = "222222222222", MessageDeduplicationId = "d-1" }], None);

        var request = Assert.Single(aws.Requests);
        Assert.Equal(("POST", "https://sqs.eu-west-1.amazonaws.com/"), (request.Method, request.Uri.AbsoluteUri));
        Assert.Equal("AmazonSQS.SendMessageBatch", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.0", request.ContentType);
        SigV4.AssertSigned(request, FakeAws.HomeAccessKey, "eu-west-1", "sqs", "x-amz-target");
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""{"QueueUrl":"{{QueueUrl}}","Entries":[{"Id":"0","MessageBody":"{\"detail-type\":\"Reconcile Account\"}","MessageGroupId":"222222222222","MessageDeduplicationId":"d-1"}]}"""),
            request.Json));
        Assert.True(result.AllSucceeded);
        Assert.Equal("mid-0", Assert.Single(result.Messages).MessageId);
    }

    [Fact]
    public async Task Failed_entries_are_reported_per_message_and_classified()
    {
        var aws = new ScriptedAws().On("SendMessageBatch", Accept(failed: new()
        {
            ["1"] = ("InternalError", false),
            ["3"] = ("InvalidParameterValue", true),
        }));
        using var clients = TestAws.Factory(aws);
        var messages = Enumerable.Range(0, 4).Select(i => new OutgoingMessage($"m{i}")).ToList();

        var result = await clients.Sqs("eu-west-1").SendAsync(QueueUrl, messages, None);

        Assert.Equal(messages, result.Messages.Select(m => m.Message));
        Assert.Equal(["mid-0", null, "mid-2", null], result.Messages.Select(m => m.MessageId));
        Assert.Equal([messages[1], messages[3]], result.Failed.Select(f => f.Message));
        Assert.Equal([("InternalError", FailureKind.Transient), ("InvalidParameterValue", FailureKind.Permanent)], result.Failed.Select(f => (f.ErrorCode!, f.Failure!.Value)));
    }

    [Fact]
    public async Task A_batch_that_fails_as_a_whole_fails_its_messages_and_the_rest_while_what_was_sent_stays_sent()
    {
        var aws = new ScriptedAws()
            .Then("SendMessageBatch", request => Accept()(request))
            .Then("SendMessageBatch", _ => Reply.JsonError(400, "com.amazonaws.sqs#RequestThrottled", "Rate exceeded", "application/x-amz-json-1.0"));
        using var clients = TestAws.Factory(aws);
        var messages = Enumerable.Range(0, 25).Select(i => new OutgoingMessage($"m{i}")).ToList();

        var result = await clients.Sqs("eu-west-1").SendAsync(QueueUrl, messages, None);

        Assert.Equal(2, aws.Requests.Count);
        Assert.Equal(25, result.Messages.Length);
        Assert.All(result.Messages.Take(10), m => Assert.True(m.Succeeded));
        Assert.All(result.Messages.Skip(10), m => Assert.Equal(("RequestThrottled", FailureKind.Throttling), (m.ErrorCode, m.Failure)));
    }

    [Fact]
    public async Task The_queue_client_is_cached_per_region_and_follows_the_SQS_endpoint_override()
    {
        var aws = new ScriptedAws().On("SendMessageBatch", Accept());
        using var clients = TestAws.Factory(aws, environment: name => name == "AWS_ENDPOINT_URL_SQS" ? "http://127.0.0.1:9324" : null);

        Assert.Same(clients.Sqs("eu-west-1"), clients.Sqs("eu-west-1"));
        Assert.NotSame(clients.Sqs("eu-west-1"), clients.Sqs("us-east-1"));
        await clients.Sqs("eu-west-1").SendAsync(QueueUrl, [new("m")], None);

        var request = Assert.Single(aws.Requests);
        Assert.Equal("http://127.0.0.1:9324/", request.Uri.AbsoluteUri);
        Assert.Equal(("sqs", "eu-west-1"), (request.Service, request.Region));
    }

    /// <summary>Answers a batch as SQS does: every entry sent (with the body's MD5, which the SDK checks) unless listed as failed.</summary>
    internal static Func<RecordedRequest, HttpResponseMessage> Accept(Dictionary<string, (string Code, bool SenderFault)>? failed = null) => request =>
    {
        var successful = new JsonArray();
        var failures = new JsonArray();
        foreach (var entry in request.Json!["Entries"]!.AsArray())
        {
            var id = entry!["Id"]!.GetValue<string>();
            if (failed?.TryGetValue(id, out var failure) == true)
            {
                failures.Add(new JsonObject { ["Id"] = id, ["Code"] = failure.Code, ["SenderFault"] = failure.SenderFault, ["Message"] = "scripted" });
                continue;
            }

#pragma warning disable CA5351 // SQS's own integrity digest, not a security choice of ours
            var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(entry["MessageBody"]!.GetValue<string>())));
#pragma warning restore CA5351
            successful.Add(new JsonObject { ["Id"] = id, ["MessageId"] = "mid-" + id, ["MD5OfMessageBody"] = md5 });
        }

        return Reply.Json(new JsonObject { ["Successful"] = successful, ["Failed"] = failures }, "application/x-amz-json-1.0");
    };
}
