using System.Collections.Immutable;
using OrgSync.Core.Applying;
using OrgSync.Core.Events;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Core.Organizations;
using OrgSync.Core.Reconcile;
using OrgSync.Core.Targets;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Reporting;
using OrgSync.Pipeline.Units;

namespace OrgSync.Pipeline.Reconcile;

/// <summary>
/// SPEC §6: converge every target to the organization, not only to events. The pass is another source of desired
/// changes for the one per-target run: list the organization (the truth) → per target, read what it holds (the
/// appliers, plan only) and the ledger → the drift (<see cref="DriftRules"/>), changes stamped with the listing's
/// start so any later event wins → Config's weekly aggregator budget → a <see cref="UnitRun"/> with those changes
/// (lease → ledger → read → plan → fenced write → record → release), exactly as for an SQS batch. Nothing is written
/// where there is no drift, so a second pass writes nothing. Delivery channels are fanned out: one
/// <c>Reconcile Account</c> request per member account, handled by the SQS function like any change.
/// </summary>
public sealed class ReconcilePass
{
    /// <summary>The lease that keeps two passes (the schedule and someone's <c>orgsync reconcile --apply</c>) apart.</summary>
    public const string LeaseKey = "reconcile/pass";

    private readonly TargetsFile _targets;
    private readonly PipelinePorts _ports;
    private readonly PipelineOptions _options;
    private readonly RunReporter _reporter;
    private readonly HashSet<string> _excluded;
    private readonly DriftPolicy _policy;

    public ReconcilePass(TargetsFile targets, PipelinePorts ports, PipelineOptions? options = null)
    {
        _targets = targets ?? throw new ArgumentNullException(nameof(targets));
        _excluded = targets.ExcludeAccounts.ToHashSet(StringComparer.Ordinal);
        _policy = DriftPolicy.Of(targets);
        _ports = ports ?? throw new ArgumentNullException(nameof(ports));
        _options = options ?? new PipelineOptions();
        _reporter = RunReporter.For(_options);
    }

    /// <summary>Where channel checks go; null: none are sent (the pass only reports how many accounts it would check).</summary>
    public IChannelChecks? ChannelChecks { get; init; }

    /// <summary>Config's view of aggregator sources; null: not read.</summary>
    public IAggregatorSourceStatus? SourceStatus { get; init; }

    /// <param name="apply">False: report the drift only (no lease, no write, no channel check sent).</param>
    /// <param name="deadline">When the invocation is cut off: no target is started, and no write planned, after it.</param>
    public async Task<ReconcileOutcome> RunAsync(bool apply, string runId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var listedAt = _options.Time.GetUtcNow();
        var workDeadline = _options.WorkDeadline(deadline);
        var passId = $"reconcile/{listedAt:yyyyMMddTHHmmssfffZ}/{Guid.NewGuid():N}";
        var leases = new LeaseKeeper(_ports.Lease, _options, $"{runId}/{Guid.NewGuid():N}", deadline, workDeadline, _reporter.Logger);

        LeaseGrant? pass = null;
        if (apply)
        {
            // One try: waiting for the other pass to finish would only run the same pass again after it.
            pass = await leases.TryAcquireAsync(LeaseKey, cancellationToken).ConfigureAwait(false);
            if (pass is null)
            {
                // Not a failure: the pass that holds it converges the same organization.
                return Finish(new ReconcileOutcome(apply, listedAt, 0, [], null) { Skipped = "another reconcile pass holds the lease; this one did nothing" });
            }
        }

        try
        {
            OrganizationSnapshot organization;
            try
            {
                var scoped = _targets.Aggregators.Any(t => t.OrganizationScope is not null)
                    || _targets.Distributions.Any(t => t.OrganizationScope is not null)
                    || _targets.DeliveryChannels.Any(t => t.OrganizationScope is not null);
                var accounts = await _ports.Organization.ListAccountsAsync(scoped, workDeadline, cancellationToken).ConfigureAwait(false);
                organization = OrganizationSnapshot.Of(accounts, listedAt);
            }
            catch (OrganizationUnavailableException exception)
            {
                return Finish(new ReconcileOutcome(apply, listedAt, 0, [], "the organization could not be listed: " + exception.Message));
            }

            // DriftRules planned a leave only where one is due (stale with removeOnLeave, foreign with pruning), so the
            // run writes every leave it is given: pruning works whatever removeOnLeave says.
            var run = new UnitRun(_targets with { RemoveOnLeave = true }, _ports, leases, RunMode.Apply, workDeadline, _options, _reporter.Logger);
            var reports = ImmutableArray.CreateBuilder<ReconcileTargetReport>();
            string? stopped = null;
            foreach (var unit in Units())
            {
                stopped ??= _options.Time.GetUtcNow() >= workDeadline ? "not reached before the invocation's deadline; the next pass starts over" : null;
                if (stopped is not null)
                {
                    reports.Add(new ReconcileTargetReport(unit.Key, unit.Kind, TargetDrift.None, stopped));
                    continue;
                }

                reports.Add(await GuardedAsync(unit, () => ReconcileAsync(unit, organization, apply, passId, run, workDeadline, cancellationToken)).ConfigureAwait(false));
                if (pass is { } held)
                {
                    (pass, stopped) = await RenewAsync(leases, held, cancellationToken).ConfigureAwait(false);
                }
            }

            var outcome = new ReconcileOutcome(apply, listedAt, organization.Accounts.Values.Count(a => a.IsActive), reports.ToImmutable(), null);
            if (apply && pass is null)
            {
                return Finish(outcome); // the lease was lost: the pass that holds it now sends the channel checks
            }

            return Finish(await CheckChannelsAsync(outcome, organization, apply, passId, workDeadline, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            if (pass is not null)
            {
                await leases.ReleaseAsync(pass).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One target's storage or client error (the ledger, the journal, a reader) is that target's failure, not the pass's.</summary>
    private static async Task<ReconcileTargetReport> GuardedAsync(TargetUnit unit, Func<Task<ReconcileTargetReport>> reconcile)
    {
        try
        {
            return await reconcile().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new ReconcileTargetReport(unit.Key, unit.Kind, TargetDrift.None, $"could not be reconciled: {exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>The pass's lease, renewed after each target; once it is lost (or cannot be renewed) no further target is started.</summary>
    private static async Task<(LeaseGrant? Pass, string? Stopped)> RenewAsync(LeaseKeeper leases, LeaseGrant pass, CancellationToken cancellationToken)
    {
        const string Lost = "not started: the pass lost its lease (another pass may be running); the next pass starts over";
        try
        {
            var renewed = await leases.RenewAsync(pass, cancellationToken).ConfigureAwait(false);
            return renewed is null ? (null, Lost) : (renewed, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return (pass, $"{Lost} ({exception.Message})");
        }
    }

    private ReconcileOutcome Finish(ReconcileOutcome outcome)
    {
        _reporter.Reconciled(outcome);
        return outcome;
    }

    /// <summary>A unit per aggregator and distribution target, its changes to be filled in once its drift is known.</summary>
    private IEnumerable<TargetUnit> Units()
    {
        foreach (var target in _targets.Aggregators)
        {
            yield return TargetUnit.Aggregator.Of(_targets, target, ChangeSet.Empty);
        }

        foreach (var target in _targets.Distributions)
        {
            yield return new TargetUnit.Distribution(target, ChangeSet.Empty);
        }
    }

    private async Task<ReconcileTargetReport> ReconcileAsync(
        TargetUnit unit, OrganizationSnapshot organization, bool apply, string passId, UnitRun run, DateTimeOffset workDeadline, CancellationToken cancellationToken)
    {
        var survey = await _ports.Appliers.ApplyAsync(unit.Work(MembershipDelta.Empty), ApplyMode.PlanOnly, workDeadline, fence: null, cancellationToken).ConfigureAwait(false);
        if (!survey.Succeeded)
        {
            return new ReconcileTargetReport(unit.Key, unit.Kind, TargetDrift.None, "could not be read: " + survey.Reason);
        }

        var desired = organization.Desired(ScopeOf(unit), _excluded);
        var questions = DriftRules.LedgerQuestions(survey.Lists, desired);
        var known = questions.IsEmpty
            ? ImmutableDictionary<string, AppliedChange>.Empty
            : await _ports.Ledger.ReadAsync(unit.Scope, questions, cancellationToken).ConfigureAwait(false);
        var (drift, changes) = DriftRules.Compute(
            survey.Lists, desired, organization, known, _policy, passId);

        if (unit.Kind == TargetKind.Aggregator && !changes.IsEmpty && _ports.Journal is { } journal)
        {
            var used = await journal.CountSinceAsync(unit.Scope, _options.Time.GetUtcNow() - WeeklyBudget.Window, cancellationToken).ConfigureAwait(false);
            (changes, var deferred) = WeeklyBudget.Apply(
                changes, used, _targets.Reconcile.WeeklyAggregatorChangeBudget, account => organization.Accounts.GetValueOrDefault(account)?.JoinedAt);
            drift = drift with { Deferred = deferred };
        }

        var report = new ReconcileTargetReport(unit.Key, unit.Kind, drift, null)
        {
            FailedSources = await FailedSourcesAsync(unit, workDeadline, cancellationToken).ConfigureAwait(false),
        };
        if (!apply || changes.IsEmpty)
        {
            return report;
        }

        var withChanges = unit.WithChanges(Changes(changes));
        var outcome = await run.RunAsync(withChanges, _ => [], cancellationToken).ConfigureAwait(false);
        _reporter.Target(withChanges, outcome);
        return report with
        {
            Run = outcome,
            Written = outcome.Status == TargetStatus.Written,
            Blocked = outcome.Blocked,
            Failure = outcome.Status == TargetStatus.Failed ? outcome.Reason : null,
        };
    }

    private async Task<ImmutableArray<FailedSource>> FailedSourcesAsync(TargetUnit unit, DateTimeOffset workDeadline, CancellationToken cancellationToken)
    {
        if (SourceStatus is null || unit is not TargetUnit.Aggregator aggregator)
        {
            return [];
        }

        try
        {
            return await SourceStatus.FailedSourcesAsync(aggregator.Target, workDeadline, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return [new FailedSource(aggregator.Target.Name, "STATUS", aggregator.Target.Region, exception.GetType().Name, exception.Message)];
        }
    }

    /// <summary>SPEC §6 <c>reconcile.channels</c>: one check per member account in some channel target's scope.</summary>
    private async Task<ReconcileOutcome> CheckChannelsAsync(
        ReconcileOutcome outcome, OrganizationSnapshot organization, bool apply, string passId, DateTimeOffset workDeadline, CancellationToken cancellationToken)
    {
        if (!_targets.Reconcile.Channels || _targets.DeliveryChannels.IsEmpty)
        {
            return outcome;
        }

        var accounts = _targets.DeliveryChannels
            .SelectMany(channel => organization.Desired(channel.OrganizationScope, _excluded))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (!apply || ChannelChecks is null)
        {
            return outcome with { ChannelChecks = accounts.Count };
        }

        var requests = accounts.Select(account => ReconcileAccountRequest.Body(account, organization.ListedAt, passId, _targets.HomeAccountId)).ToList();
        int sent;
        try
        {
            sent = await ChannelChecks.SendAsync(requests, workDeadline, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            // Cancelled too: the invocation is ending, and the pass's summary is still worth reporting.
            return outcome with { ChannelChecksFailure = $"the channel checks could not all be sent ({exception.Message}); the next pass sends them again" };
        }

        return sent >= requests.Count
            ? outcome with { ChannelChecks = sent }
            : outcome with
            {
                ChannelChecks = sent,
                ChannelChecksFailure = $"{sent} of {requests.Count} channel checks sent (the others failed, or the deadline came first); the next pass sends them again",
            };
    }

    private static OrganizationScope? ScopeOf(TargetUnit unit) => unit switch
    {
        TargetUnit.Aggregator aggregator => aggregator.Target.OrganizationScope,
        TargetUnit.Distribution distribution => distribution.Target.OrganizationScope,
        _ => null,
    };

    private static ChangeSet Changes(ImmutableArray<AccountChange> changes) =>
        new([.. changes.OrderBy(change => change.AccountId, StringComparer.Ordinal)], ImmutableDictionary<string, ImmutableArray<int>>.Empty);
}
