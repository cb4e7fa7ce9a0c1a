using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrgSync.Functions.Tests.Support;

/// <summary>What the function answered for one invocation.</summary>
public sealed record InvocationOutcome(string RequestId, bool IsError, byte[] Body, string? ErrorTypeHeader)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>An init error the function reported.</summary>
public sealed record InitErrorReport(byte[] Body, string? ErrorTypeHeader)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// The Lambda Runtime API (2018-06-01), served by Kestrel on 127.0.0.1 for one test: hands out the
/// invocations a test enqueues (long poll on <c>next</c>) and records responses, invocation errors and
/// init errors.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<QueuedInvocation> _queue = Channel.CreateUnbounded<QueuedInvocation>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationOutcome>> _outcomes = new();
    private readonly TaskCompletionSource<InitErrorReport> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private int _nextFailuresToServe;
    private int _nextCalls;

    private FakeRuntimeApi(WebApplication app)
    {
        _app = app;
    }

    /// <summary><c>host:port</c>, the form of <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Address { get; private set; } = string.Empty;

    public int NextCalls => Volatile.Read(ref _nextCalls);

    public Task<InitErrorReport> InitError => _initError.Task;

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeRuntimeApi(app);
        fake.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.Address = new Uri(address).Authority;
        return fake;
    }

    /// <summary>The next <paramref name="count"/> calls to <c>next</c> answer 503 (a transient hiccup).</summary>
    public void FailNextCalls(int count) => Interlocked.Exchange(ref _nextFailuresToServe, count);

    /// <summary>Queues an invocation; the task completes when the function answers it.</summary>
    public Task<InvocationOutcome> Invoke(
        byte[] payload, TimeSpan? timeout = null, string? traceHeader = null, string functionArn = "arn:aws:lambda:us-east-1:111111111111:function:orgsync-sqs", DateTimeOffset? deadline = null)
    {
        var requestId = Guid.NewGuid().ToString();
        var outcome = new TaskCompletionSource<InvocationOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _outcomes[requestId] = outcome;
        var deadlineAt = deadline ?? DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        _queue.Writer.TryWrite(new QueuedInvocation(requestId, payload, deadlineAt.ToUnixTimeMilliseconds(), traceHeader, functionArn));
        return outcome.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/2018-06-01/runtime/invocation/next", async context =>
        {
            Interlocked.Increment(ref _nextCalls);
            if (Interlocked.Decrement(ref _nextFailuresToServe) >= 0)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            using var abort = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            QueuedInvocation next;
            try
            {
                next = await _queue.Reader.ReadAsync(abort.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
            context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = next.DeadlineMs.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = next.FunctionArn;
            if (next.TraceHeader is not null)
            {
                context.Response.Headers["Lambda-Runtime-Trace-Id"] = next.TraceHeader;
            }

            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(next.Payload);
        });

        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", async (string id, HttpContext context) =>
        {
            var body = await ReadBodyAsync(context);
            return Complete(id, new InvocationOutcome(id, IsError: false, body, null));
        });

        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", async (string id, HttpContext context) =>
        {
            var body = await ReadBodyAsync(context);
            return Complete(id, new InvocationOutcome(id, IsError: true, body, context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault()));
        });

        app.MapPost("/2018-06-01/runtime/init/error", async context =>
        {
            var body = await ReadBodyAsync(context);
            _initError.TrySetResult(new InitErrorReport(body, context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault()));
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
    }

    private IResult Complete(string id, InvocationOutcome outcome)
    {
        // Like Lambda: a second answer, or one for an unknown id, is a client error.
        if (!_outcomes.TryGetValue(id, out var pending) || !pending.TrySetResult(outcome))
        {
            return Results.BadRequest();
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private sealed record QueuedInvocation(string RequestId, byte[] Payload, long DeadlineMs, string? TraceHeader, string FunctionArn);
}
