using System.Collections.Immutable;
using OrgSync.Core.Events;

namespace OrgSync.Core.Membership;

/// <summary>
/// Remembers, per scope (a target key) and account, the newest change that was applied
/// successfully, so that stale and duplicate deliveries are recognised whatever order they arrive in.
/// Scoped per target rather than per account: under the target's lease the check-apply-record
/// sequence is serialised, so a newer change applied by another consumer is always seen.
/// Only successful applications are recorded, so a failed attempt never makes its own retry stale.
/// </summary>
public interface IMembershipLedger
{
    /// <summary>
    /// The recorded entry per requested account; accounts never recorded are absent. An entry is
    /// <see cref="AppliedChange.Blocked"/> when the change recorded for it was.
    /// </summary>
    Task<ImmutableDictionary<string, AppliedChange>> ReadAsync(
        string scope, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken);

    /// <summary>
    /// Records applied changes. Each entry only moves forward in <see cref="ChangeOrder"/>; recording
    /// an older or equal change is a no-op, so the operation is idempotent and commutative. The entry keeps the
    /// <see cref="AccountChange.Blocked"/> flag of the change that moved it forward (and only of that change):
    /// a newer change recorded without the flag clears it.
    /// </summary>
    Task RecordAsync(string scope, IReadOnlyCollection<AccountChange> applied, CancellationToken cancellationToken);
}
