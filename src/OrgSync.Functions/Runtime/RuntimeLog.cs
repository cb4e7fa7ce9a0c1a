using Microsoft.Extensions.Logging;

namespace OrgSync.Functions.Runtime;

/// <summary>The invoke loop's log lines (source-generated: no boxing, no parsing of templates at run time).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(Level = LogLevel.Critical, Message = "The Lambda Runtime API reports an unrecoverable state; exiting.")]
    public static partial void RuntimeApiFatal(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The Lambda Runtime API stayed unreachable after {Attempts} attempts; exiting.")]
    public static partial void RuntimeApiUnreachable(ILogger logger, Exception exception, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lambda Runtime API {What} failed (attempt {Attempt}): {Reason}; retrying in {DelayMs} ms.")]
    public static partial void RuntimeApiRetry(ILogger logger, string what, int attempt, string reason, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "The invocation was stopped {RemainingMs} ms before its deadline.")]
    public static partial void StoppedBeforeDeadline(ILogger logger, Exception exception, double remainingMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "The invocation failed: {ExceptionType}: {ExceptionMessage}")]
    public static partial void InvocationFailed(ILogger logger, Exception exception, string exceptionType, string exceptionMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "The response ({Bytes} bytes) is larger than Lambda accepts.")]
    public static partial void ResponseTooLarge(ILogger logger, int bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not send the invocation {What} to the Lambda Runtime API.")]
    public static partial void SendFailed(ILogger logger, Exception exception, string what);
}
