using OrgSync.Pipeline.Lambda;
using OrgSync.Pipeline.Reconcile;

namespace OrgSync.Pipeline.Handlers;

/// <summary>
/// The <c>reconcile</c> function: one pass, on the schedule (the payload is ignored), writing what drifted.
/// Returns the summary; throws <see cref="ReconcileFailedException"/> when a target could not be read or written (or
/// the organization listed), so the invocation counts as an error and the alarm sees it.
/// </summary>
public sealed class ReconcileHandler(ReconcilePass pass)
{
    public async Task<ReconcileOutcome> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var outcome = await pass.RunAsync(apply: true, invocation.RequestId, invocation.Deadline, cancellationToken).ConfigureAwait(false);
        return outcome.Succeeded ? outcome : throw new ReconcileFailedException(outcome);
    }
}
