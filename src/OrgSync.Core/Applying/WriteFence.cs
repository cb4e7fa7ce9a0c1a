namespace OrgSync.Core.Applying;

/// <summary>
/// The fencing check run right before every write: false means the caller's lease on
/// <paramref name="resourceKey"/> was lost, so the write is abandoned and the target fails.
/// </summary>
public delegate Task<bool> WriteFence(string resourceKey, CancellationToken cancellationToken);
