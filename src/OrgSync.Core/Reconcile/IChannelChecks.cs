namespace OrgSync.Core.Reconcile;

/// <summary>
/// Where a reconcile pass sends its per-account channel checks (SPEC §6 <c>reconcile.channels</c>): one
/// <c>Reconcile Account</c> request per account, handled like any change by the SQS function — the OrgSync queue in
/// Lambda, the local queue in <c>orgsync local --reconcile</c>, the pipeline itself in <c>orgsync reconcile</c>.
/// </summary>
public interface IChannelChecks
{
    /// <summary>
    /// Sends the requests (EventBridge envelopes); returns how many were accepted — fewer than given when some failed
    /// or were not reached: the next pass sends them again (the ledger deduplicates).
    /// </summary>
    /// <param name="deadline">The pass's work deadline: no batch of requests is started at or after it.</param>
    /// <exception cref="Exception">The requests could not be sent, and how many were is not known.</exception>
    Task<int> SendAsync(IReadOnlyList<string> requests, DateTimeOffset deadline, CancellationToken cancellationToken);
}
