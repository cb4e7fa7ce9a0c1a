using System.Net;
using Microsoft.Extensions.Logging;
using OrgSync.Functions.Logging;
using OrgSync.Functions.Metrics;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Runtime;

/// <summary>Knobs of the invoke loop; the defaults are what runs in Lambda.</summary>
public sealed record RuntimeLoopOptions
{
    /// <summary>The handler's token fires this long before the deadline (at most a tenth of the remaining time).</summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive failures to reach the Runtime API before the process gives up (and Lambda restarts it).</summary>
    public int MaxRuntimeApiAttempts { get; init; } = 10;

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Where the X-Ray trace header goes: the AWS SDK reads <c>_X_AMZN_TRACE_ID</c> to propagate it.
    /// Replaceable so in-process tests do not race on the process environment.
    /// </summary>
    public Action<string?> PublishTraceHeader { get; init; } = header => Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", header);

    /// <summary>The log sampling draw per invocation, in [0, 1).</summary>
    public Func<double> Sample { get; init; } = Random.Shared.NextDouble;
}

/// <summary>
/// The invoke loop of a custom runtime: next → handle → response | error, forever. A handler's exception
/// becomes an invocation error (the process survives it); the loop retries transient Runtime API
/// failures with backoff and exits only when the Runtime API says the environment is broken (500/403)
/// or stays unreachable, so that Lambda replaces the process.
/// </summary>
public sealed class LambdaRuntimeLoop
{
    public const int ExitRuntimeApiFatal = 2;
    public const int ExitRuntimeApiUnreachable = 3;

    private readonly RuntimeApiClient _api;
    private readonly IInvocationHandler _handler;
    private readonly PowertoolsLoggerProvider _logs;
    private readonly EmfMetricsSink? _metrics;
    private readonly TimeProvider _time;
    private readonly RuntimeLoopOptions _options;
    private readonly ILogger _logger;
    private bool _coldStart = true;

    public LambdaRuntimeLoop(
        RuntimeApiClient api,
        IInvocationHandler handler,
        PowertoolsLoggerProvider logs,
        EmfMetricsSink? metrics,
        TimeProvider time,
        RuntimeLoopOptions? options = null)
    {
        _api = api;
        _handler = handler;
        _logs = logs;
        _metrics = metrics;
        _time = time;
        _options = options ?? new RuntimeLoopOptions();
        _logger = logs.CreateLogger("OrgSync.Functions.Runtime");
    }

    /// <returns>The process exit code: 0 when <paramref name="stop"/> ended the loop.</returns>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            RuntimeInvocation next;
            try
            {
                next = await WithRetriesAsync("invocation/next", token => _api.NextAsync(token), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return 0;
            }
            catch (RuntimeApiException ex) when (ex.IsFatal)
            {
                RuntimeLog.RuntimeApiFatal(_logger, ex);
                return ExitRuntimeApiFatal;
            }
            catch (Exception ex)
            {
                RuntimeLog.RuntimeApiUnreachable(_logger, ex, _options.MaxRuntimeApiAttempts);
                return ExitRuntimeApiUnreachable;
            }

            var exit = await InvokeAsync(next, stop).ConfigureAwait(false);
            if (exit is { } code)
            {
                return code;
            }
        }

        return 0;
    }

    private async Task<int?> InvokeAsync(RuntimeInvocation next, CancellationToken stop)
    {
        var invocation = next.Invocation;
        _options.PublishTraceHeader(invocation.TraceHeader);
        _logs.BeginInvocation(invocation, _coldStart, _options.Sample());
        try
        {
            using var deadline = new CancellationTokenSource(UntilCancellation(invocation), _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stop);

            ReadOnlyMemory<byte>? response = null;
            RuntimeError? error = null;
            try
            {
                response = await _handler.HandleAsync(next.Payload, invocation, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (deadline.IsCancellationRequested)
            {
                var remainingMs = Math.Round(invocation.RemainingTime(_time).TotalMilliseconds);
                RuntimeLog.StoppedBeforeDeadline(_logger, ex, remainingMs);
                error = new RuntimeError(
                    $"The invocation was stopped {remainingMs} ms before its deadline: {_logs.Scrub(ex.Message)}",
                    "Runtime.DeadlineApproaching",
                    RuntimeError.From(ex, _logs.Scrub).StackTrace);
            }
            catch (Exception ex)
            {
                RuntimeLog.InvocationFailed(_logger, ex, ex.GetType().Name, ex.Message);
                error = RuntimeError.From(ex, _logs.Scrub);
            }
            finally
            {
                _metrics?.Flush();
            }

            return error is null
                ? await SendResponseAsync(invocation, response!.Value, stop).ConfigureAwait(false)
                : await SendErrorAsync(invocation, error, stop).ConfigureAwait(false);
        }
        finally
        {
            _logs.EndInvocation();
            _coldStart = false;
        }
    }

    private TimeSpan UntilCancellation(LambdaInvocation invocation)
    {
        var remaining = invocation.RemainingTime(_time);
        if (remaining <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var margin = remaining / 10 < _options.DeadlineMargin ? remaining / 10 : _options.DeadlineMargin;
        return remaining - margin;
    }

    private async Task<int?> SendResponseAsync(LambdaInvocation invocation, ReadOnlyMemory<byte> response, CancellationToken stop)
    {
        try
        {
            await WithRetriesAsync("response", token => _api.SendResponseAsync(invocation.RequestId, response, token), stop).ConfigureAwait(false);
            return null;
        }
        catch (RuntimeApiException ex) when (ex.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            RuntimeLog.ResponseTooLarge(_logger, response.Length);
            return await SendErrorAsync(
                invocation,
                new RuntimeError($"The response ({response.Length} bytes) is larger than Lambda accepts.", "Function.ResponseSizeTooLarge", []),
                stop).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return OnSendFailure(ex, "response");
        }
    }

    private async Task<int?> SendErrorAsync(LambdaInvocation invocation, RuntimeError error, CancellationToken stop)
    {
        try
        {
            await WithRetriesAsync("error", token => _api.SendInvocationErrorAsync(invocation.RequestId, error, token), stop).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex)
        {
            return OnSendFailure(ex, "error");
        }
    }

    private int? OnSendFailure(Exception ex, string what)
    {
        switch (ex)
        {
            case OperationCanceledException:
                return 0;
            case RuntimeApiException { IsFatal: true }:
                RuntimeLog.RuntimeApiFatal(_logger, ex);
                return ExitRuntimeApiFatal;
            default:
                // E.g. 400 after the deadline passed: the invocation is over either way; take the next one.
                RuntimeLog.SendFailed(_logger, ex, what);
                return null;
        }
    }

    private async Task<T> WithRetriesAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken stop)
    {
        var delay = _options.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransient(ex, stop) && attempt < _options.MaxRuntimeApiAttempts)
            {
                RuntimeLog.RuntimeApiRetry(_logger, what, attempt, ex.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
                delay = delay * 2 < _options.MaxRetryDelay ? delay * 2 : _options.MaxRetryDelay;
            }
        }
    }

    private Task<bool> WithRetriesAsync(string what, Func<CancellationToken, Task> call, CancellationToken stop) =>
        WithRetriesAsync<bool>(what, async token =>
        {
            await call(token).ConfigureAwait(false);
            return true;
        }, stop);

    private static bool IsTransient(Exception ex, CancellationToken stop) => ex switch
    {
        OperationCanceledException => !stop.IsCancellationRequested,
        HttpRequestException => true,
        IOException => true,
        RuntimeApiException api => !api.IsFatal && (int)api.StatusCode is >= 500 or 429,
        _ => false,
    };
}
