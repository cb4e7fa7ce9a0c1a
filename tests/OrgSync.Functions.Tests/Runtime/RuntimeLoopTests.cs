using OrgSync.Tests.Shared;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrgSync.Functions.Handlers;
using OrgSync.Functions.Runtime;
using OrgSync.Functions.Tests.Support;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Tests.Runtime;

/// <summary>The invoke loop in this process against the fake Runtime API.</summary>
public sealed class RuntimeLoopTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    internal static Dictionary<string, string> Environment(string handler = "sqs") => new()
    {
        ["_HANDLER"] = handler,
        ["ORGSYNC_TARGETS"] = "{}",
        ["AWS_LAMBDA_FUNCTION_NAME"] = "orgsync-" + handler,
        ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
        ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
        ["AWS_REGION"] = "us-east-1",
    };

    [Fact]
    public async Task The_partial_batch_response_is_posted_and_the_loop_takes_the_next_invocation()
    {
        var seen = new ConcurrentQueue<string>();
        var sqs = new DelegateSqsHandler((batch, _, _) =>
        {
            foreach (var record in batch.Records)
            {
                seen.Enqueue(record.MessageId);
            }

            return Task.FromResult(new SqsBatchResponse([new BatchItemFailure("m2")]));
        });
        await using var function = await InProcessFunction.StartAsync(Environment(), TestHandlers.Options(sqs: sqs));

        var first = await function.Api.Invoke(TestData.SqsEvent(("m1", "{}"), ("m2", "{}"))).WaitAsync(Wait);
        var second = await function.Api.Invoke(TestData.SqsEvent(("m3", "{}"))).WaitAsync(Wait);

        Assert.False(first.IsError);
        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m2"}]}""", first.BodyText);
        Assert.False(second.IsError);
        Assert.Equal(["m1", "m2", "m3"], seen);
        Assert.Equal(0, await function.StopAsync());
    }

    [Fact]
    public async Task A_handler_exception_becomes_an_invocation_error_and_the_process_keeps_serving()
    {
        var calls = 0;
        var eventBridge = new DelegateEventBridgeHandler((_, _, _) =>
            Interlocked.Increment(ref calls) == 1
                ? throw new InvalidOperationException("target aggregator/us-east-1/org failed: ThrottlingException")
                : Task.CompletedTask);
        await using var function = await InProcessFunction.StartAsync(Environment("eventbridge"), TestHandlers.Options(eventBridge: eventBridge));

        var failed = await function.Api.Invoke(Bytes.Utf8(TestData.EventBridgeEnvelope("e1", "222222222222"))).WaitAsync(Wait);
        var succeeded = await function.Api.Invoke(Bytes.Utf8(TestData.EventBridgeEnvelope("e2", "222222222222"))).WaitAsync(Wait);

        Assert.True(failed.IsError);
        Assert.Equal("InvalidOperationException", failed.ErrorTypeHeader);
        using var error = JsonDocument.Parse(failed.Body);
        Assert.Equal("InvalidOperationException", error.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("aggregator/us-east-1/org failed", error.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, error.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.False(succeeded.IsError);
        Assert.Equal("{}", succeeded.BodyText);
        Assert.False(function.Run.IsCompleted);

        var errorLine = function.Stdout.JsonLines.Single(line => line.GetProperty("level").GetString() == "ERROR");
        Assert.Equal(failed.RequestId, errorLine.GetProperty("function_request_id").GetString());
        Assert.Equal("System.InvalidOperationException", errorLine.GetProperty("exception").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_payload_that_is_not_an_SQS_event_fails_the_invocation()
    {
        await using var function = await InProcessFunction.StartAsync(Environment(), TestHandlers.Options());

        var outcome = await function.Api.Invoke(Bytes.Utf8("""{"Records": "nope"}""")).WaitAsync(Wait);

        Assert.True(outcome.IsError);
        Assert.Equal("InvalidDataException", outcome.ErrorTypeHeader);
    }

    [Fact]
    public async Task The_handler_token_fires_shortly_before_the_deadline_and_the_invocation_reports_it()
    {
        var time = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sqs = new DelegateSqsHandler(async (_, _, cancellationToken) =>
        {
            started.SetResult(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return SqsBatchResponse.AllSucceeded;
        });
        await using var function = await InProcessFunction.StartAsync(Environment(), TestHandlers.Options(sqs: sqs) with { Time = time });

        // 10 s left: the token fires 1 s (the default margin) before the deadline.
        var outcome = function.Api.Invoke(TestData.SqsEvent(("m1", "{}")), deadline: time.GetUtcNow() + TimeSpan.FromSeconds(10));
        var token = await started.Task.WaitAsync(Wait);
        time.Advance(TimeSpan.FromMilliseconds(8990));
        Assert.False(token.IsCancellationRequested);
        time.Advance(TimeSpan.FromMilliseconds(10));
        var answered = await outcome.WaitAsync(Wait);

        Assert.True(token.IsCancellationRequested);
        Assert.True(answered.IsError);
        Assert.Equal("Runtime.DeadlineApproaching", answered.ErrorTypeHeader);
        Assert.Contains("1000 ms before its deadline", answered.BodyText, StringComparison.Ordinal);
        Assert.False(function.Run.IsCompleted);
    }

    [Fact]
    public async Task The_trace_header_is_published_for_the_SDK_and_its_root_id_is_logged()
    {
        const string Header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        var published = new ConcurrentQueue<string?>();
        var received = new ConcurrentQueue<string?>();
        var options = TestHandlers.Options() with
        {
            Loop = new RuntimeLoopOptions { PublishTraceHeader = published.Enqueue },
            Handlers = new HandlerFactories(
                services =>
                {
                    var logger = services.LoggerFactory.CreateLogger("Test.Handler");
                    return new DelegateSqsHandler((_, invocation, _) =>
                    {
                        received.Enqueue(invocation.TraceHeader);
                        using (logger.BeginCorrelationScope("event-1"))
                        {
                            logger.LogInformation("handling");
                        }

                        return Task.FromResult(SqsBatchResponse.AllSucceeded);
                    });
                },
                _ => new DelegateEventBridgeHandler((_, _, _) => Task.CompletedTask)),
        };
        await using var function = await InProcessFunction.StartAsync(Environment(), options);

        var first = await function.Api.Invoke(TestData.SqsEvent(("m1", "{}")), traceHeader: Header).WaitAsync(Wait);
        var second = await function.Api.Invoke(TestData.SqsEvent(("m2", "{}"))).WaitAsync(Wait);

        Assert.Equal([Header, null], published);
        Assert.Equal([Header, null], received);
        var handling = function.Stdout.JsonLines.Where(line => line.GetProperty("message").GetString() == "handling").ToList();
        Assert.Equal(2, handling.Count);
        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", handling[0].GetProperty("xray_trace_id").GetString());
        Assert.Equal(first.RequestId, handling[0].GetProperty("function_request_id").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:111111111111:function:orgsync-sqs", handling[0].GetProperty("function_arn").GetString());
        Assert.Equal("event-1", handling[0].GetProperty("correlation_id").GetString());
        Assert.True(handling[0].GetProperty("cold_start").GetBoolean());
        Assert.False(handling[1].GetProperty("cold_start").GetBoolean());
        Assert.False(handling[1].TryGetProperty("xray_trace_id", out _));
        Assert.Equal(second.RequestId, handling[1].GetProperty("function_request_id").GetString());
    }

    [Fact]
    public async Task The_loop_rides_out_transient_Runtime_API_failures()
    {
        await using var function = await InProcessFunction.StartAsync(Environment(), TestHandlers.Options());
        function.Api.FailNextCalls(2);

        var outcome = await function.Api.Invoke(TestData.SqsEvent(("m1", "{}"))).WaitAsync(Wait);

        Assert.False(outcome.IsError);
        Assert.True(function.Api.NextCalls >= 3, $"{function.Api.NextCalls} calls to next");
        Assert.Contains(function.Stdout.JsonLines, line =>
            line.GetProperty("level").GetString() == "WARN"
            && line.GetProperty("message").GetString()!.Contains("retrying", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_default_handlers_run_the_pipeline_an_invalid_record_fails_alone_and_an_invalid_event_throws()
    {
        var options = TestHandlers.Options() with { Handlers = HandlerFactories.Default };
        await using var sqsFunction = await InProcessFunction.StartAsync(Environment("sqs"), options);
        await using var eventBridgeFunction = await InProcessFunction.StartAsync(Environment("eventbridge"), options);
        const string Ignored = """{"version":"0","id":"i1","detail-type":"Something Else","source":"aws.ec2","account":"111111111111","time":"2024-05-01T12:00:00Z","region":"us-east-1","resources":[],"detail":{}}""";

        var batch = await sqsFunction.Api.Invoke(TestData.SqsEvent(("m1", "{}"), ("m2", Ignored))).WaitAsync(Wait);
        var ignored = await eventBridgeFunction.Api.Invoke(Bytes.Utf8(Ignored)).WaitAsync(Wait);
        var invalid = await eventBridgeFunction.Api.Invoke(Bytes.Utf8("{}")).WaitAsync(Wait);

        // Neither needed AWS: an invalid body and an ignored event never reach a target.
        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m1"}]}""", batch.BodyText);
        Assert.Contains(sqsFunction.Stdout.JsonLines, line =>
            line.GetProperty("message").GetString()!.Contains("m1 is invalid", StringComparison.Ordinal)
            && line.GetProperty("correlation_id").GetString() == "m1");
        Assert.False(ignored.IsError);
        Assert.Equal("{}", ignored.BodyText);
        Assert.True(invalid.IsError);
        Assert.Equal("EventFailedException", invalid.ErrorTypeHeader);
    }
}
