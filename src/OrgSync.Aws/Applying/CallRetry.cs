using Microsoft.Extensions.Logging;
using OrgSync.Aws.Errors;

namespace OrgSync.Aws.Applying;

/// <summary>A read with nothing to plan (Organizations, a sources status), retried by the same rule as the apply loop.</summary>
public sealed partial class CallRetry(ApplierOptions options, ILogger logger)
{
    /// <summary>The call's result; the last failure when it could not be retried any more.</summary>
    /// <exception cref="AwsServiceException">The call failed and may not (or no longer) be retried.</exception>
    public Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> call, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        RunAsync(what, call, deadline, onFailure: null, cancellationToken);

    /// <param name="onFailure">Told of every failure before the wait (true: it will be retried), e.g. to count it or drop expired credentials.</param>
    /// <exception cref="AwsServiceException">The call failed and may not (or no longer) be retried.</exception>
    public async Task<T> RunAsync<T>(
        string what, Func<CancellationToken, Task<T>> call, DateTimeOffset deadline, Action<AwsServiceException, bool>? onFailure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var budget = new RetryBudget(options, deadline);
        while (true)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error)
            {
                var next = budget.Next(error, out _);
                onFailure?.Invoke(error, next is not null);
                if (next is not { } delay)
                {
                    throw;
                }

                LogRetrying(logger, what, delay.TotalMilliseconds, budget.Failures, error.ErrorCode, error.Service, error.Operation);
                await Task.Delay(delay, options.Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{What}: retry in {DelayMs:F0} ms after failure {Attempt}: {ErrorCode} from {Service}.{Operation}")]
    private static partial void LogRetrying(ILogger logger, string what, double delayMs, int attempt, string errorCode, string service, string operation);
}
