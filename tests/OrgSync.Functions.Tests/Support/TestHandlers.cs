using System.Text;
using OrgSync.Functions.Handlers;
using OrgSync.Functions.Hosting;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Tests.Support;

/// <summary>Handlers whose behaviour a test chooses, plugged in through <see cref="HandlerFactories"/>.</summary>
internal static class TestHandlers
{
    public static FunctionHostOptions Options(ISqsBatchHandler? sqs = null, IEventBridgeHandler? eventBridge = null) => new()
    {
        ParseTargets = _ => TestData.EmptyTargets,
        Handlers = new HandlerFactories(
            _ => sqs ?? new DelegateSqsHandler((batch, _, _) => Task.FromResult(SqsBatchResponse.AllSucceeded)),
            _ => eventBridge ?? new DelegateEventBridgeHandler((_, _, _) => Task.CompletedTask)),
    };
}

internal sealed class DelegateSqsHandler(Func<SqsEvent, LambdaInvocation, CancellationToken, Task<SqsBatchResponse>> handle) : ISqsBatchHandler
{
    public Task<SqsBatchResponse> HandleAsync(SqsEvent batch, LambdaInvocation invocation, CancellationToken cancellationToken) =>
        handle(batch, invocation, cancellationToken);
}

internal sealed class DelegateEventBridgeHandler(Func<string, LambdaInvocation, CancellationToken, Task> handle) : IEventBridgeHandler
{
    public Task HandleAsync(string eventJson, LambdaInvocation invocation, CancellationToken cancellationToken) =>
        handle(eventJson, invocation, cancellationToken);
}

internal static class Bytes
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
