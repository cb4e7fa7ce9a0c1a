using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Config;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Sdk;
using OrgSync.Core.Applying;
using OrgSync.Core.Prerequisites;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.Prerequisites;

/// <summary>
/// Runs prerequisite steps (SPEC §3.5) in member accounts, through the member role
/// <c>arn:aws:iam::&lt;account&gt;:role/&lt;prerequisiteRoleName&gt;</c> (cached assumed-role credentials), and judges each answer
/// with <see cref="PrerequisiteRules"/>. Each call is retried by the one retry rule (<see cref="CallRetry"/>): the puts and
/// deletes are idempotent, so a lost response is simply sent again. An answer that blocks an account ends that account's
/// remaining steps (its other Regions would meet the same refusal). With <see cref="ApplyMode.PlanOnly"/> only read-only
/// steps (the role check) are sent; the others come back as the requests they would be.
/// </summary>
internal sealed class PrerequisiteRunner
{
    private readonly AwsClientFactory _clients;
    private readonly string _roleName;
    private readonly ApplierOptions _options;
    private readonly CallRetry _retry;

    public PrerequisiteRunner(AwsClientFactory clients, string roleName, ApplierOptions options, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(roleName);
        _clients = clients;
        _roleName = roleName;
        _options = options;
        _retry = new CallRetry(options, logger);
    }

    /// <summary>The member role in <paramref name="accountId"/>, in the partition OrgSync runs in.</summary>
    public string RoleArn(string accountId) => AwsPartition.RoleArn(accountId, _roleName, _clients.HomeRegion);

    /// <summary>
    /// Runs <paramref name="steps"/> into <paramref name="run"/>: each account's steps in order, up to
    /// <see cref="ApplierOptions.MaxConcurrentPrerequisites"/> accounts at once (the lease of the target is held
    /// meanwhile, so a burst of joins must not queue behind one account at a time); the results are recorded in the
    /// order of <paramref name="steps"/>. A step <paramref name="run"/> already answered is not sent again.
    /// </summary>
    /// <param name="onFailure">Told of every failed call (true: it will be retried), for the apply's tally.</param>
    public async Task RunAsync(
        IEnumerable<PrerequisiteStep> steps, ApplyMode mode, DateTimeOffset deadline, PrerequisiteRun run, Action<AwsServiceException, bool> onFailure, CancellationToken cancellationToken)
    {
        var ordered = steps.ToList();
        var answered = new ConcurrentDictionary<PrerequisiteStep, PrerequisiteResult>();
        var tally = new Lock();
        void Failed(AwsServiceException error, bool willRetry)
        {
            lock (tally)
            {
                onFailure(error, willRetry);
            }
        }

        try
        {
            await Parallel.ForEachAsync(
                ordered.GroupBy(step => step.AccountId, StringComparer.Ordinal),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrentPrerequisites), CancellationToken = cancellationToken },
                async (account, token) =>
                {
                    foreach (var step in account)
                    {
                        // Nothing is added to `run` until every account is done, so reading it here is safe.
                        var result = run.Find(step);
                        if (result is null)
                        {
                            result = await RunAsync(step, mode, deadline, Failed, token).ConfigureAwait(false);
                            answered[step] = result;
                        }

                        if (result.Blocks is not null)
                        {
                            break; // its other steps would meet the same refusal
                        }
                    }
                }).ConfigureAwait(false);
        }
        finally
        {
            // Also when one account's call threw: what the others were answered is kept, so a re-plan does not send it again.
            var blocked = new HashSet<string>(StringComparer.Ordinal);
            foreach (var step in ordered)
            {
                if (blocked.Contains(step.AccountId))
                {
                    continue;
                }

                var result = run.Find(step) ?? (answered.TryGetValue(step, out var fresh) ? run.Add(fresh) : null);
                if (result?.Blocks is not null)
                {
                    blocked.Add(step.AccountId);
                }
            }
        }
    }

    private async Task<PrerequisiteResult> RunAsync(
        PrerequisiteStep step, ApplyMode mode, DateTimeOffset deadline, Action<AwsServiceException, bool> onFailure, CancellationToken cancellationToken)
    {
        if (mode == ApplyMode.PlanOnly && !step.IsReadOnly)
        {
            return PrerequisiteRules.Planned(step, Describe(step));
        }

        var roleArn = RoleArn(step.AccountId);
        var sentAt = _options.Time.GetUtcNow();
        if (sentAt >= deadline)
        {
            return PrerequisiteRules.Judge(step, new PrerequisiteAnswer.Failed(FailureKind.Transient, $"the deadline {deadline:O} was reached; not sent"), sentAt, roleArn);
        }

        PrerequisiteAnswer answer;
        try
        {
            answer = await _retry.RunAsync(
                step.ToString(),
                ct => CallAsync(step, roleArn, ct),
                deadline,
                (error, willRetry) =>
                {
                    if (error.ErrorCode is "ExpiredTokenException" or "ExpiredToken")
                    {
                        _clients.AssumedRoles.Invalidate(roleArn);
                    }

                    onFailure(error, willRetry);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException error)
        {
            answer = AnswerOf(error);
        }

        return PrerequisiteRules.Judge(step, answer, sentAt, roleArn);
    }

    private async Task<PrerequisiteAnswer> CallAsync(PrerequisiteStep step, string roleArn, CancellationToken cancellationToken)
    {
        var credentials = _clients.AssumeRole(roleArn);
        switch (step.Operation)
        {
            case PrerequisiteOperation.PutAggregationAuthorization:
                var put = await _clients.Config(step.Region!, credentials).PutAggregationAuthorizationAsync(AuthorizationOf(step), cancellationToken).ConfigureAwait(false);
                return new PrerequisiteAnswer.Accepted(put.AggregationAuthorization?.CreationTime);

            case PrerequisiteOperation.DeleteAggregationAuthorization:
                await _clients.Config(step.Region!, credentials).DeleteAggregationAuthorizationAsync(
                    new DeleteAggregationAuthorizationRequest { AuthorizedAccountId = step.AuthorizedAccountId!, AuthorizedAwsRegion = step.AuthorizedAwsRegion! },
                    cancellationToken).ConfigureAwait(false);
                return new PrerequisiteAnswer.Accepted();

            case PrerequisiteOperation.GetRole:
                var role = await _clients.Iam(credentials).FindRoleAsync(step.RoleName!, cancellationToken).ConfigureAwait(false);
                return role is null ? new PrerequisiteAnswer.NotFound() : new PrerequisiteAnswer.Accepted();

            default:
                throw new InvalidOperationException("unknown prerequisite " + step.Operation);
        }
    }

    /// <summary>An error the retry rule gave up on (or never retries): an access denial — of the member role or of the call — or any other failure.</summary>
    private static PrerequisiteAnswer AnswerOf(AwsServiceException error) =>
        AwsFailureClassifier.AccessDeniedCodes.Contains(error.ErrorCode)
            ? new PrerequisiteAnswer.Denied(error.DeniedAction, error.IsServiceControlPolicyDeny, error.Describe(includeRequestId: false))
            : new PrerequisiteAnswer.Failed(error.FailureKind, error.Describe());

    private static PutAggregationAuthorizationRequest AuthorizationOf(PrerequisiteStep step) =>
        new() { AuthorizedAccountId = step.AuthorizedAccountId!, AuthorizedAwsRegion = step.AuthorizedAwsRegion! };

    /// <summary>The request a step would send, as <c>plan</c> shows it.</summary>
    private static PlannedRequest Describe(PrerequisiteStep step) => step.Operation switch
    {
        PrerequisiteOperation.PutAggregationAuthorization => new PlannedRequest(
            step.Service, step.Operation.ToString(), step.Region!, step.AccountId,
            JsonSerializer.SerializeToElement(AuthorizationOf(step), AwsWireJsonContext.Default.PutAggregationAuthorizationRequest)),
        PrerequisiteOperation.DeleteAggregationAuthorization => new PlannedRequest(
            step.Service, step.Operation.ToString(), step.Region!, step.AccountId,
            JsonSerializer.SerializeToElement(
                new DeleteAggregationAuthorizationRequest { AuthorizedAccountId = step.AuthorizedAccountId!, AuthorizedAwsRegion = step.AuthorizedAwsRegion! },
                AwsWireJsonContext.Default.DeleteAggregationAuthorizationRequest)),
        _ => throw new InvalidOperationException($"{step.Operation} is read only; plan mode sends it"),
    };
}

/// <summary>The prerequisite steps one apply ran, in order, each answered once however often the loop re-plans.</summary>
internal sealed class PrerequisiteRun
{
    private readonly Dictionary<PrerequisiteStep, PrerequisiteResult> _byStep = [];
    private readonly List<PrerequisiteResult> _results = [];

    public ImmutableArray<PrerequisiteResult> Results => [.. _results];

    /// <summary>Sent and accepted puts and deletes.</summary>
    public int Applied => _results.Count(result => result.WasApplied);

    public PrerequisiteResult? Find(PrerequisiteStep step) => _byStep.GetValueOrDefault(step);

    public PrerequisiteResult Add(PrerequisiteResult result)
    {
        _byStep[result.Step] = result;
        _results.Add(result);
        return result;
    }

    /// <summary>The accounts the answers to <paramref name="steps"/> keep out of their list.</summary>
    public ImmutableHashSet<string> BlockedBy(IEnumerable<PrerequisiteStep> steps) =>
        [.. steps.Select(Find).Where(result => result?.Blocks is not null).Select(result => result!.Step.AccountId)];

    /// <summary>Every account blocked so far, once per list, with the first reason.</summary>
    public ImmutableArray<BlockedAccount> Blocked =>
        [.. _results.Select(result => result.Blocked).OfType<BlockedAccount>().DistinctBy(blocked => (blocked.AccountId, blocked.List))];
}
