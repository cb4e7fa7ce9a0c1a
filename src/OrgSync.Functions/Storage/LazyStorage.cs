using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;

namespace OrgSync.Functions.Storage;

/// <summary>
/// A ledger built on first use, so that init does not pay for an AWS client an invocation may never
/// need (an SQS batch of ignored events never reads the ledger).
/// </summary>
public sealed class LazyMembershipLedger(Func<IMembershipLedger> create) : IMembershipLedger
{
    private readonly Lazy<IMembershipLedger> _ledger = new(create);

    public Task<ImmutableDictionary<string, AppliedChange>> ReadAsync(
        string scope, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken) =>
        _ledger.Value.ReadAsync(scope, accountIds, cancellationToken);

    public Task RecordAsync(string scope, IReadOnlyCollection<AccountChange> applied, CancellationToken cancellationToken) =>
        _ledger.Value.RecordAsync(scope, applied, cancellationToken);
}

/// <summary>A lease built on first use (see <see cref="LazyMembershipLedger"/>).</summary>
public sealed class LazyTargetLease(Func<ITargetLease> create) : ITargetLease
{
    private readonly Lazy<ITargetLease> _lease = new(create);

    public Task<LeaseGrant?> TryAcquireAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken) =>
        _lease.Value.TryAcquireAsync(key, owner, duration, cancellationToken);

    public Task<bool> IsCurrentAsync(LeaseGrant grant, CancellationToken cancellationToken) =>
        _lease.Value.IsCurrentAsync(grant, cancellationToken);

    public Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken) =>
        _lease.Value.RenewAsync(grant, duration, cancellationToken);

    public Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken) =>
        _lease.Value.ReleaseAsync(grant, cancellationToken);
}
