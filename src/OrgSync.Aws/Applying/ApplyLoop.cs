using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Prerequisites;
using OrgSync.Core.Applying;
using OrgSync.Core.Planning;
using OrgSync.Core.Prerequisites;

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

    /// <summary>The member-account steps a planned write needs (SPEC §3.5); null: none.</summary>
    public PrerequisiteHooks<TCurrent, TRequest>? Prerequisites { get; init; }
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
/// One read and at most one successful write per target: read → plan → prerequisites → write only when the plan
/// says so → confirm from the write's response (re-plan against the resource it returns, or take the success of a
/// full replacement as the confirmation) → cleanups. No read follows a successful write. With
/// <see cref="ApplyMode.PlanOnly"/> the loop stops at the plan and returns the request it would send.
/// The result carries the tally; the caller reports it (logs, metrics).
/// </summary>
/// <remarks>
/// Prerequisites (SPEC §3.5, <see cref="ApplySteps{TCurrent, TRequest}.Prerequisites"/>): the steps a planned write needs
/// run before it, in the member accounts; an account they block is withheld from the list it was for and the write is
/// planned again without it (the rest goes ahead), and the write is confirmed against that same plan. Each step is
/// answered once per apply — a re-plan after a failed write reuses the answer — and a step whose own response was lost
/// is sent again (puts and deletes are idempotent). Cleanups (withdrawals after leaves) run once the write is
/// confirmed, best effort. Plan only: the steps that change something are returned as requests, the checks are run.
/// </remarks>
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

        var hooks = steps.Prerequisites;
        var prerequisites = new PrerequisiteRun();
        var warnings = new List<string>();
        var withheld = ImmutableHashSet<string>.Empty;
        var needed = PrerequisitePlan.None;
        var cleanups = ImmutableArray<PrerequisiteStep>.Empty;

        ApplyResult Finish(ApplyOutcome outcome, string reason, AwsServiceException? error = null, FailureKind? kind = null, bool warning = false, bool leftAlone = false)
        {
            var counts = new ApplyCounts(writes, outcome == ApplyOutcome.Unchanged ? 1 : 0, throttles, retries) { Reads = reads, Prerequisites = prerequisites.Applied };
            return new ApplyResult(steps.Key, outcome, reason, counts)
            {
                IsWarning = warning,
                IsLeftAlone = leftAlone,
                FailureKind = outcome == ApplyOutcome.Failed ? kind ?? error?.FailureKind ?? FailureKind.Permanent : null,
                ErrorCode = error?.ErrorCode,
                IsServiceControlPolicyDeny = outcome == ApplyOutcome.Failed && error is { IsServiceControlPolicyDeny: true },
                Diff = written,
                Lists = lists,
                Prerequisites = prerequisites.Results,
                Blocked = [.. prerequisites.Blocked.Where(blocked => withheld.Contains(blocked.AccountId))],
                Warnings = [.. warnings],
            };
        }

        string Last() => lastError is null ? string.Empty : "; last error: " + Describe(lastError);

        string Describe(AwsServiceException error) => steps.DescribeFailure?.Invoke(error) ?? error.Describe();

        void Counted(AwsServiceException error, bool willRetry)
        {
            throttles += error.FailureKind == FailureKind.Throttling ? 1 : 0;
            retries += willRetry ? 1 : 0;
        }

        // The plan, with its prerequisites run first (plan only: shown, and the read-only checks run) and the write
        // planned again without the accounts they blocked.
        async Task<Plan<TRequest>> PlanAsync(TCurrent current)
        {
            withheld = ImmutableHashSet<string>.Empty;
            needed = PrerequisitePlan.None;
            var plan = steps.Plan(current);
            if (hooks is null || plan is not Plan<TRequest>.Write write)
            {
                return plan;
            }

            needed = hooks.Plan(current, write);
            warnings.AddRange(needed.Warnings.Except(warnings, StringComparer.Ordinal));
            var before = needed.Before;
            await hooks.Runner.RunAsync(before, mode, deadline, prerequisites, Counted, cancellationToken).ConfigureAwait(false);
            withheld = prerequisites.BlockedBy(before);
            return withheld.Count == 0 ? plan : hooks.PlanWithout(current, withheld);
        }

        // The write's response judged by the same plan that made it (without the withheld accounts): no prerequisite runs again.
        Plan<TRequest> Replan(TCurrent current) => hooks is null || withheld.Count == 0 ? steps.Plan(current) : hooks.PlanWithout(current, withheld);

        // A confirmed write: the cleanups it made due (withdrawals after leaves), best effort, then the result.
        async Task<ApplyResult> WrittenAsync(string reason)
        {
            if (hooks is not null && !cleanups.IsEmpty)
            {
                await hooks.Runner.RunAsync(cleanups, mode, deadline, prerequisites, Counted, cancellationToken).ConfigureAwait(false);
            }

            return Finish(ApplyOutcome.Written, reason);
        }

        Task<ApplyResult> ConfirmAsync(WriteEcho<TCurrent> echo)
        {
            if (!echo.Returned)
            {
                return WrittenAsync("written; the service accepted the full replacement planned from the read");
            }

            return Replan(echo.Resource!) switch
            {
                Plan<TRequest>.NoChange => WrittenAsync("written; the resource returned by the write matches the plan"),
                Plan<TRequest>.Write again => Task.FromResult(Finish(
                    ApplyOutcome.Failed,
                    $"written, but the resource returned by the write still differs from the plan ({string.Join("; ", again.Diff.Describe())}); not written again in this invocation, the message will be retried",
                    kind: FailureKind.Transient)),
                Plan<TRequest>.Failure failure => Task.FromResult(Finish(ApplyOutcome.Failed, "written, but the resource returned by the write cannot be planned: " + failure.Reason, kind: FailureKind.Permanent)),
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
                switch (await PlanAsync(current).ConfigureAwait(false))
                {
                    case Plan<TRequest>.NoChange when writes > 0:
                        // Only reachable after a write attempt failed: it was applied all the same (a lost response).
                        return await WrittenAsync($"written; a write attempt failed ({lastError?.ErrorCode}) but the re-read shows the target as planned (the write was applied, its response lost)").ConfigureAwait(false);

                    case Plan<TRequest>.NoChange noChange when withheld.Count > 0:
                        return Finish(ApplyOutcome.Unchanged, $"nothing left to write once {string.Join(", ", withheld.Order(StringComparer.Ordinal))} {(withheld.Count == 1 ? "is" : "are")} withheld (blocked by a prerequisite)", warning: noChange.IsWarning);

                    case Plan<TRequest>.NoChange noChange:
                        return Finish(ApplyOutcome.Unchanged, noChange.Reason, warning: noChange.IsWarning, leftAlone: noChange.IsLeftAlone);

                    case Plan<TRequest>.Failure failure:
                        return Finish(ApplyOutcome.Failed, failure.Reason, kind: FailureKind.Permanent);

                    case Plan<TRequest>.Write planned when mode == ApplyMode.PlanOnly:
                        written = planned.Diff;
                        if (hooks is not null)
                        {
                            // Shown after the write they follow.
                            await hooks.Runner.RunAsync(needed.After, mode, deadline, prerequisites, Counted, cancellationToken).ConfigureAwait(false);
                        }

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
                        cleanups = needed.After;
                        var echo = await steps.Write(write.Request, cancellationToken).ConfigureAwait(false);
                        return await ConfirmAsync(echo).ConfigureAwait(false);

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
