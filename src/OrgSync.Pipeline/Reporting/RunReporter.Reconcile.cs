using Microsoft.Extensions.Logging;
using OrgSync.Core.Observability;
using OrgSync.Pipeline.Lambda;
using OrgSync.Pipeline.Reconcile;

namespace OrgSync.Pipeline.Reporting;

/// <summary>What a reconcile pass reports: drift per target, failing sources, the pass in one line.</summary>
public sealed partial class RunReporter
{
    /// <summary>A reconcile pass (SPEC §6): per target its drift (log line, metrics), failing sources, and the pass in one line.</summary>
    public void Reconciled(ReconcileOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Failure is { } failure)
        {
            LogPassFailed(logger, failure);
            return;
        }

        if (outcome.Skipped is { } skipped)
        {
            LogPassSkipped(logger, skipped);
            return;
        }

        foreach (var target in outcome.Targets)
        {
            var drift = target.Drift;
            Add(MetricNames.DriftMissing, drift.Missing.Length, target.Key);
            Add(MetricNames.DriftStale, drift.Stale.Length, target.Key);
            Add(MetricNames.DriftForeign, drift.Foreign.Length, target.Key);
            Add(MetricNames.Deferred, drift.Deferred.Length, target.Key);
            Add(MetricNames.AggregatorSourcesFailed, target.FailedSources.Length, target.Key);
            using var scope = logger.BeginTargetScope(target.Key);
            if (target.Failure is { } reason)
            {
                LogTargetNotReconciled(logger, target.Key, reason);
            }
            else if (!drift.IsEmpty)
            {
                LogDrift(logger, target.Key, new AccountsText(drift.Missing), new AccountsText(drift.Stale), new AccountsText(drift.Foreign), new AccountsText(drift.Deferred));
            }

            foreach (var source in target.FailedSources)
            {
                LogFailedSource(logger, target.Key, source.ToString());
            }
        }

        if (outcome.ChannelChecksFailure is { } channels)
        {
            LogPassFailed(logger, channels);
        }

        var drifted = outcome.Targets.Count(t => !t.Drift.IsEmpty);
        var written = outcome.Targets.Count(t => t.Written);
        var failed = outcome.Targets.Count(t => t.Failure is not null);
        LogPass(logger, outcome.Applied ? "applied" : "reported", outcome.Members, drifted, written, failed, outcome.ChannelChecks);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile: {Reason}")]
    private static partial void LogPassSkipped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target}: not reconciled: {Reason}")]
    private static partial void LogTargetNotReconciled(ILogger logger, string target, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Target}: drift: missing {Missing}; stale {Stale}; foreign {Foreign}; deferred {Deferred}")]
    private static partial void LogDrift(ILogger logger, string target, AccountsText missing, AccountsText stale, AccountsText foreign, AccountsText deferred);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target}: Config reports a failing source: {Source}")]
    private static partial void LogFailedSource(ILogger logger, string target, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile pass {Mode}: {Members} ACTIVE member(s); {Drifted} target(s) drifted, {Written} written, {Failed} not reconciled; {ChannelChecks} channel check(s)")]
    private static partial void LogPass(ILogger logger, string mode, int members, int drifted, int written, int failed, int channelChecks);
}
