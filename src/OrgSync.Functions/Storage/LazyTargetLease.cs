using OrgSync.Core.Leasing;

namespace OrgSync.Functions.Storage;

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
