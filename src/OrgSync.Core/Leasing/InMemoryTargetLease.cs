namespace OrgSync.Core.Leasing;

/// <summary>Process-local lease for tests and single-process runs; time from <see cref="TimeProvider"/>.</summary>
public sealed class InMemoryTargetLease(TimeProvider time) : ITargetLease
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LeaseGrant> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastToken = new(StringComparer.Ordinal);

    public InMemoryTargetLease()
        : this(TimeProvider.System)
    {
    }

    public Task<LeaseGrant?> TryAcquireAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_current.TryGetValue(key, out var held) && held.ExpiresAt > now)
            {
                return Task.FromResult<LeaseGrant?>(null);
            }

            var token = _lastToken.GetValueOrDefault(key) + 1;
            _lastToken[key] = token;
            var grant = new LeaseGrant(key, owner, token, now + duration);
            _current[key] = grant;
            return Task.FromResult<LeaseGrant?>(grant);
        }
    }

    public Task<bool> IsCurrentAsync(LeaseGrant grant, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return Task.FromResult(IsCurrent(grant, now));
        }
    }

    public Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!IsCurrent(grant, now))
            {
                return Task.FromResult<LeaseGrant?>(null);
            }

            var renewed = grant with { ExpiresAt = now + duration };
            _current[grant.Key] = renewed;
            return Task.FromResult<LeaseGrant?>(renewed);
        }
    }

    public Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_current.TryGetValue(grant.Key, out var held) && held.FencingToken == grant.FencingToken)
            {
                _current.Remove(grant.Key);
            }
        }

        return Task.CompletedTask;
    }

    private bool IsCurrent(LeaseGrant grant, DateTimeOffset now) =>
        _current.TryGetValue(grant.Key, out var held)
        && held.FencingToken == grant.FencingToken
        && held.Owner == grant.Owner
        && held.ExpiresAt > now;
}
