using Microsoft.Extensions.Logging;
using OrgSync.Functions.Hosting;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Handlers;

/// <summary>
/// SEAM (pipeline, src/OrgSync.Pipeline): the one place that says which code runs for each
/// <c>_HANDLER</c>. Until the pipeline lands, both are the placeholders below; replace the two bodies
/// with the real handlers built from <paramref name="services"/> (and delete the placeholders).
/// </summary>
public static class PipelineWiring
{
    public static ISqsBatchHandler CreateSqsHandler(FunctionServices services) =>
        new PlaceholderSqsBatchHandler(services.LoggerFactory.CreateLogger("OrgSync.Functions.Placeholder"));

    public static IEventBridgeHandler CreateEventBridgeHandler(FunctionServices services) =>
        new PlaceholderEventBridgeHandler();
}

/// <summary>
/// PLACEHOLDER until the SQS pipeline lands: applies nothing and reports every record as a batch item
/// failure, so that no message is deleted from the queue unprocessed.
/// </summary>
public sealed partial class PlaceholderSqsBatchHandler(ILogger logger) : ISqsBatchHandler
{
    public Task<SqsBatchResponse> HandleAsync(SqsEvent batch, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        NotWired(logger, batch.Records.Length);
        return Task.FromResult(SqsBatchResponse.AllFailed(batch));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PLACEHOLDER: the SQS pipeline is not wired in yet; all {Count} records are reported as batch item failures.")]
    private static partial void NotWired(ILogger logger, int count);
}

/// <summary>PLACEHOLDER until the EventBridge pipeline lands: every event fails (EventBridge retries, then dead-letters).</summary>
public sealed class PlaceholderEventBridgeHandler : IEventBridgeHandler
{
    public Task HandleAsync(string eventJson, LambdaInvocation invocation, CancellationToken cancellationToken) =>
        throw new NotImplementedException("PLACEHOLDER: the EventBridge pipeline is not wired in yet.");
}
