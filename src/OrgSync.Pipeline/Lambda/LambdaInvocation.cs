namespace OrgSync.Pipeline.Lambda;

/// <summary>
/// What the Lambda Runtime API says about one invocation. The handler also receives a
/// <see cref="CancellationToken"/> that fires shortly before <see cref="Deadline"/>, so that work stops
/// (and a partial batch response is still sent) before Lambda kills the process.
/// </summary>
/// <param name="RequestId">The invocation's request id (<c>Lambda-Runtime-Aws-Request-Id</c>).</param>
/// <param name="Deadline">When Lambda times the invocation out (<c>Lambda-Runtime-Deadline-Ms</c>).</param>
/// <param name="InvokedFunctionArn">The ARN used to invoke the function (may carry a version or alias).</param>
/// <param name="TraceHeader">The X-Ray trace header (<c>Root=…;Parent=…;Sampled=…</c>), when tracing is on.</param>
public sealed record LambdaInvocation(
    string RequestId,
    DateTimeOffset Deadline,
    string InvokedFunctionArn,
    string? TraceHeader)
{
    /// <summary>The <c>Root=</c> trace id of <see cref="TraceHeader"/> (<c>1-5759e988-bd862e3fe1be46a994272793</c>).</summary>
    public string? TraceId => RootOf(TraceHeader);

    public TimeSpan RemainingTime(TimeProvider time) => Deadline - time.GetUtcNow();

    /// <summary>The <c>Root=</c> field of an X-Ray trace header, or null when it has none.</summary>
    public static string? RootOf(string? traceHeader)
    {
        if (string.IsNullOrEmpty(traceHeader))
        {
            return null;
        }

        foreach (var part in traceHeader.Split(';'))
        {
            var field = part.Trim();
            if (field.StartsWith("Root=", StringComparison.Ordinal))
            {
                return field["Root=".Length..];
            }
        }

        return null;
    }
}
