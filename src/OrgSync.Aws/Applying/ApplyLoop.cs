using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Errors;
using OrgSync.Core.Applying;
using OrgSync.Core.Planning;

namespace OrgSync.Aws.Applying;

/// <summary>How to read, plan and write one target: what the generic loop needs from an applier.</summary>
/// <param name="Write">Sends the planned request; says what its successful response tells about the target.</param>
/// <param name="Describe">The planned request as <c>plan</c> shows it (service, operation, Region, account, wire body).</param>
internal sealed record ApplySteps<TCurrent, TRequest>(
    string Key,
    Func<CancellationToken, Task<TCurrent>> Read,
    Func<TCurrent, Plan<TRequest>> Plan,
    Func<TRequest, CancellationToken, Task<WriteEcho<TCurrent>>> Write,
    Func<TRequest, PlannedRequest> Describe)
    where TRequest : class
{
    /// <summary>Called on every AWS failure before it is retried or reported (e.g. to drop expired credentials).</summary>
    public Action<AwsServiceException>? OnError { get; init; }

    /// <summary>The failure reason to report for an AWS error; default <see cref="AwsServiceException.Describe"/>.</summary>
    public Func<AwsServiceException, string>? DescribeFailure { get; init; }

    /// <summary>The account lists the target maintains in a resource as read (<see cref="ApplyResult.Lists"/>).</summary>
    public Func<TCurrent, ImmutableArray<ImmutableSortedSet<string>>>? Lists { get; init; }
}

/// <summary>What a successful write tells about the target, so that confirming it costs no extra read.</summary>
internal readonly record struct WriteEcho<TCurrent>(bool Returned, TCurrent? Resource)
{
    /// <summary>
    /// The service answered with no resource: the request was the full replacement computed from the
    /// read (<c>UpdateDistributionConfiguration</c>, <c>PutDeliveryChannel</c>), so its success is the confirmation.
    /// </summary>
    public static WriteEcho<TCurrent> Accepted => default;

    /// <summary>The service answered with the resource as written (<c>PutConfigurationAggregator</c>): the loop re-plans against it.</summary>
    public static WriteEcho<TCurrent> Of(TCurrent resource) => new(true, resource);
}

/// <summary>
/// One read and at most one successful write per target: read → plan → write only when the plan says
/// so → confirm from the write's response (re-plan against the resource it returns, or take the
/// success of a full replacement as the confirmation). No read follows a successful write. With
/// <see cref="ApplyMode.PlanOnly"/> the loop stops at the plan and returns the request it would send.
/// The result carries the tally; the caller reports it (logs, metrics).
/// </summary>
/// <remarks>
/// Throttling and transient failures (5xx, timeouts, broken connections, lost responses) are retried
/// with capped full-jitter exponential backoff while the deadline allows, and every retry starts from
/// a fresh read: that is what makes a lost response converge. If the lost write was applied, the
/// re-read plans NoChange and nothing more is written; if not, the same read yields the same request
/// (and, for Image Builder, the same client token).
/// </remarks>
internal sealed partial class ApplyLoop
{
    private readonly ApplierOptions _options;
    private readonly ILogger _logger;

    /// <param name="category">The applier whose logger category the loop logs under.</param>
    public ApplyLoop(ApplierOptions? options, Type category)
    {
        _options = options ?? new ApplierOptions();
        _logger = _options.LoggerFactory.CreateLogger(category.FullName!);
    }

    public async Task<ApplyResult> RunAsync<TCurrent, TRequest>(
        ApplySteps<TCurrent, TRequest> steps, ApplyMode mode, DateTimeOffset deadline, WriteFence? fence, CancellationToken cancellationToken)
        where TRequest : class
    {
        var time = _options.Time;
        int reads = 0, writes = 0, throttles = 0, retries = 0;
        var budget = new RetryBudget(_options, deadline);
        var lists = ImmutableArray<ImmutableSortedSet<string>>.Empty;
        PlanDiff? written = null;
        AwsServiceException? lastError = null;

        ApplyResult Finish(ApplyOutcome outcome, string reason, AwsServiceException? error = null, FailureKind? kind = null, bool warning = false)
        {
            var counts = new ApplyCounts(writes, outcome == ApplyOutcome.Unchanged ? 1 : 0, throttles, retries) { Reads = reads };
            return new ApplyResult(steps.Key, outcome, reason, counts)
            {
                IsWarning = warning,
                FailureKind = outcome == ApplyOutcome.Failed ? kind ?? error?.FailureKind ?? FailureKind.Permanent : null,
                ErrorCode = error?.ErrorCode,
                Diff = written,
                Lists = lists,
            };
        }

        string Last() => lastError is null ? string.Empty : "; last error: " + Describe(lastError);

        string Describe(AwsServiceException error) => steps.DescribeFailure?.Invoke(error) ?? error.Describe();

        ApplyResult Confirm(WriteEcho<TCurrent> echo)
        {
            if (!echo.Returned)
            {
                return Finish(ApplyOutcome.Written, "written; the service accepted the full replacement planned from the read");
            }

            return steps.Plan(echo.Resource!) switch
            {
                Plan<TRequest>.NoChange => Finish(ApplyOutcome.Written, "written; the resource returned by the write matches the plan"),
                Plan<TRequest>.Write again => Finish(
                    ApplyOutcome.Failed,
                    $"written, but the resource returned by the write still differs from the plan ({string.Join("; ", again.Diff.Describe())}); not written again in this invocation, the message will be retried",
                    kind: FailureKind.Transient),
                Plan<TRequest>.Failure failure => Finish(ApplyOutcome.Failed, "written, but the resource returned by the write cannot be planned: " + failure.Reason, kind: FailureKind.Permanent),
                _ => throw new InvalidOperationException("unknown plan"),
            };
        }

        while (true)
        {
            if (time.GetUtcNow() >= deadline)
            {
                return Finish(ApplyOutcome.Failed, $"deadline {deadline:O} reached after {budget.Failures} failed attempt(s){Last()}", lastError, FailureKind.Transient);
            }

            try
            {
                reads++;
                var current = await steps.Read(cancellationToken).ConfigureAwait(false);
                lists = steps.Lists?.Invoke(current) ?? [];
                switch (steps.Plan(current))
                {
                    case Plan<TRequest>.NoChange when writes > 0:
                        // Only reachable after a write attempt failed: it was applied all the same (a lost response).
                        return Finish(ApplyOutcome.Written, $"written; a write attempt failed ({lastError?.ErrorCode}) but the re-read shows the target as planned (the write was applied, its response lost)");

                    case Plan<TRequest>.NoChange noChange:
                        return Finish(ApplyOutcome.Unchanged, noChange.Reason, warning: noChange.IsWarning);

                    case Plan<TRequest>.Failure failure:
                        return Finish(ApplyOutcome.Failed, failure.Reason, kind: FailureKind.Permanent);

                    case Plan<TRequest>.Write planned when mode == ApplyMode.PlanOnly:
                        written = planned.Diff;
                        return Finish(ApplyOutcome.Planned, string.Join("; ", planned.Diff.Describe())) with { Request = steps.Describe(planned.Request) };

                    case Plan<TRequest>.Write write:
                        if (time.GetUtcNow() >= deadline)
                        {
                            return Finish(ApplyOutcome.Failed, $"deadline {deadline:O} reached before the write; nothing was written{Last()}", lastError, FailureKind.Transient);
                        }

                        if (fence is not null && !await fence(steps.Key, cancellationToken).ConfigureAwait(false))
                        {
                            return Finish(ApplyOutcome.Failed, "the lease was lost before the write; nothing was written", kind: FailureKind.Transient);
                        }

                        writes++;
                        written = write.Diff;
                        var echo = await steps.Write(write.Request, cancellationToken).ConfigureAwait(false);
                        return Confirm(echo);

                    default:
                        throw new InvalidOperationException("unknown plan");
                }
            }
            catch (AwsServiceException error)
            {
                lastError = error;
                steps.OnError?.Invoke(error);
                if (error.FailureKind == FailureKind.Throttling)
                {
                    throttles++;
                }

                if (budget.Next(error, out var giveUp) is not { } delay)
                {
                    // Not worth retrying now: the error's own description; out of attempts or time: why, and the last error.
                    return Finish(ApplyOutcome.Failed, error.RetryWithinInvocation ? giveUp + Last() : Describe(error), error);
                }

                retries++;
                LogRetrying(_logger, steps.Key, delay.TotalMilliseconds, budget.Failures, error.ErrorCode, error.Service, error.Operation);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception unexpected) when (unexpected is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogUnexpected(_logger, unexpected, steps.Key);
                return Finish(ApplyOutcome.Failed, "unexpected error: " + unexpected.Message, kind: FailureKind.Permanent);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Target}: retry in {DelayMs:F0} ms after failure {Attempt}: {ErrorCode} from {Service}.{Operation}")]
    private static partial void LogRetrying(ILogger logger, string target, double delayMs, int attempt, string errorCode, string service, string operation);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Target}: unexpected error")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string target);
}
