using Microsoft.Extensions.Logging;
using OrgSync.Core.Applying;
using OrgSync.Core.Leasing;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Pipeline.Units;

/// <summary>
/// The lease protocol of one run (a batch or a reconcile pass): one owner, leases that outlive the run's deadline
/// by <see cref="PipelineOptions.LeaseMargin"/> (a crashed holder blocks a target until then, never forever),
/// jittered waits while someone else holds a lease, the fencing check before a write, and a release that
/// does not depend on the run's cancellation.
/// </summary>
internal sealed partial class LeaseKeeper(ITargetLease lease, PipelineOptions options, string owner, DateTimeOffset deadline, DateTimeOffset workDeadline, ILogger logger)
{
    /// <summary>The lease on <paramref name="key"/>, waiting while someone else holds it; null when the work deadline came first.</summary>
    public async Task<LeaseGrant?> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var time = options.Time;
        for (var attempt = 1; ; attempt++)
        {
            var grant = await TryAcquireAsync(key, cancellationToken).ConfigureAwait(false);
            if (grant is not null)
            {
                if (attempt > 1)
                {
                    LogLeaseAcquired(logger, key, attempt);
                }

                return grant;
            }

            var delay = options.LeaseRetryDelay(attempt);
            if (time.GetUtcNow() + delay >= workDeadline)
            {
                return null;
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The lease on <paramref name="key"/> if no one holds it now; null otherwise, without waiting.</summary>
    public Task<LeaseGrant?> TryAcquireAsync(string key, CancellationToken cancellationToken)
    {
        var duration = deadline - options.Time.GetUtcNow() + options.LeaseMargin;
        return lease.TryAcquireAsync(key, owner, duration < options.LeaseMargin ? options.LeaseMargin : duration, cancellationToken);
    }

    /// <summary>The check run right before each write: the grant is still current.</summary>
    public WriteFence Fence(LeaseGrant grant) => (_, cancellationToken) => lease.IsCurrentAsync(grant, cancellationToken);

    /// <summary>Extends a grant held across a long step; null when it was lost.</summary>
    public Task<LeaseGrant?> RenewAsync(LeaseGrant grant, CancellationToken cancellationToken)
    {
        var duration = deadline - options.Time.GetUtcNow() + options.LeaseMargin;
        return lease.RenewAsync(grant, duration < options.LeaseMargin ? options.LeaseMargin : duration, cancellationToken);
    }

    public async Task ReleaseAsync(LeaseGrant grant)
    {
        try
        {
            // Not the run's token: a lease left behind blocks the target until it expires.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), options.Time);
            await lease.ReleaseAsync(grant, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogReleaseFailed(logger, exception, grant.Key);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease on {Key} acquired after {Attempts} attempts")]
    private static partial void LogLeaseAcquired(ILogger logger, string key, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease on {Key} could not be released; it expires on its own")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string key);
}
