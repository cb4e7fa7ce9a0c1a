namespace OrgSync.Core.Reconcile;

/// <summary>
/// Where a reconcile pass sends its per-account channel checks (SPEC §6 <c>reconcile.channels</c>): one
/// <c>Reconcile Account</c> request per account, handled like any change by the SQS function — the OrgSync queue in
/// Lambda, the local queue in <c>orgsync local --reconcile</c>, the pipeline itself in <c>orgsync reconcile</c>.
/// </summary>
public interface IChannelChecks
{
    /// <summary>Sends the requests (EventBridge envelopes); returns how many were accepted.</summary>
    /// <exception cref="Exception">Some could not be sent; the next pass sends them again (the ledger deduplicates).</exception>
    Task<int> SendAsync(IReadOnlyList<string> requests, CancellationToken cancellationToken);
}
