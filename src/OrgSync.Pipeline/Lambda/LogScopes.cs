using Microsoft.Extensions.Logging;

namespace OrgSync.Pipeline.Lambda;

/// <summary>
/// The log scopes the Lambda logger turns into top-level JSON fields (Powertools names): open one per
/// event and one per target, and every line logged inside carries <c>correlation_id</c> / <c>target</c>.
/// </summary>
public static class LogScopes
{
    /// <summary>The event being processed (the EventBridge envelope <c>id</c>).</summary>
    public const string CorrelationId = "correlation_id";

    /// <summary>The target key (<c>aggregator/us-east-1/org</c>).</summary>
    public const string Target = "target";

    public static IDisposable? BeginCorrelationScope(this ILogger logger, string correlationId) =>
        logger.BeginScope(new[] { new KeyValuePair<string, object?>(CorrelationId, correlationId) });

    public static IDisposable? BeginTargetScope(this ILogger logger, string target) =>
        logger.BeginScope(new[] { new KeyValuePair<string, object?>(Target, target) });
}
