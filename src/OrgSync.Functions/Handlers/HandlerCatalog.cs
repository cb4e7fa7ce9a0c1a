using System.Text;
using System.Text.Json;
using OrgSync.Functions.Hosting;
using OrgSync.Pipeline.Handlers;
using OrgSync.Pipeline.Lambda;
using OrgSync.Pipeline.Reconcile;

namespace OrgSync.Functions.Handlers;

/// <summary>How each <c>_HANDLER</c> gets its typed handler (replaceable in tests).</summary>
public sealed record HandlerFactories(
    Func<FunctionServices, ISqsBatchHandler> Sqs,
    Func<FunctionServices, IEventBridgeHandler> EventBridge)
{
    public static HandlerFactories Default { get; } = new(PipelineWiring.CreateSqsHandler, PipelineWiring.CreateEventBridgeHandler);

    /// <summary>The scheduled reconcile pass (SPEC §6).</summary>
    public Func<FunctionServices, ReconcileHandler> Reconcile { get; init; } = PipelineWiring.CreateReconcileHandler;
}

/// <summary>The function's <c>Handler</c> property (<c>_HANDLER</c>) → the code that runs.</summary>
public static class HandlerCatalog
{
    public const string Sqs = "sqs";
    public const string EventBridge = "eventbridge";
    public const string Reconcile = "reconcile";

    public static IReadOnlyList<string> Names { get; } = [Sqs, EventBridge, Reconcile];

    public static bool IsKnown(string? name) => name is Sqs or EventBridge or Reconcile;

    public static IInvocationHandler Create(FunctionServices services, HandlerFactories factories) => services.HandlerName switch
    {
        Sqs => new SqsInvocationHandler(factories.Sqs(services)),
        EventBridge => new EventBridgeInvocationHandler(factories.EventBridge(services)),
        Reconcile => new ReconcileInvocationHandler(factories.Reconcile(services)),
        _ => throw new ArgumentException($"unknown handler '{services.HandlerName}'", nameof(services)),
    };
}

/// <summary>Bytes ↔ the SQS event and partial batch response (source-generated JSON).</summary>
public sealed class SqsInvocationHandler(ISqsBatchHandler handler) : IInvocationHandler
{
    public async Task<ReadOnlyMemory<byte>> HandleAsync(ReadOnlyMemory<byte> payload, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        SqsEvent? batch;
        try
        {
            batch = JsonSerializer.Deserialize(payload.Span, LambdaJsonContext.Default.SqsEvent);
        }
        catch (JsonException ex)
        {
            // Not one of our messages can be named, so the whole batch fails and SQS redelivers it.
            throw new InvalidDataException("The payload is not an SQS event: " + ex.Message, ex);
        }

        if (batch is null)
        {
            throw new InvalidDataException("The payload is not an SQS event: null.");
        }

        var response = await handler.HandleAsync(batch, invocation, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(response, LambdaJsonContext.Default.SqsBatchResponse);
    }
}

/// <summary>Any payload (the schedule's) → one reconcile pass → its summary JSON.</summary>
public sealed class ReconcileInvocationHandler(ReconcileHandler handler) : IInvocationHandler
{
    public async Task<ReadOnlyMemory<byte>> HandleAsync(ReadOnlyMemory<byte> payload, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(invocation, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetBytes(ReconcileSummary.ToJson(outcome));
    }
}

/// <summary>Bytes → the EventBridge envelope text; a normal return answers <c>{}</c>.</summary>
public sealed class EventBridgeInvocationHandler(IEventBridgeHandler handler) : IInvocationHandler
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    public async Task<ReadOnlyMemory<byte>> HandleAsync(ReadOnlyMemory<byte> payload, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        await handler.HandleAsync(Encoding.UTF8.GetString(payload.Span), invocation, cancellationToken).ConfigureAwait(false);
        return EmptyObject;
    }
}
