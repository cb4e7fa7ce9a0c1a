namespace OrgSync.Core.Leasing;

/// <summary>
/// A granted lease on one target. <see cref="FencingToken"/> grows with every grant of the same key,
/// so a holder whose lease expired and was taken over can tell (and must not write).
/// </summary>
public sealed record LeaseGrant(string Key, string Owner, long FencingToken, DateTimeOffset ExpiresAt);

/// <summary>
/// Mutual exclusion per target with expiry, so that two consumers changing the same target never
/// interleave read → merge → write (which would lose one of the updates).
/// </summary>
public interface ITargetLease
{
    /// <summary>Grants the lease when it is free or expired; null when someone else holds it.</summary>
    Task<LeaseGrant?> TryAcquireAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>The fencing check before a write: true only while this exact grant is current and unexpired.</summary>
    Task<bool> IsCurrentAsync(LeaseGrant grant, CancellationToken cancellationToken);

    /// <summary>Extends a current grant (same fencing token); null when it was lost.</summary>
    Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Releases the grant if it is still current; releasing a lost grant is a no-op.</summary>
    Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken);
}
