namespace OrgSync.Core.Delivery;

/// <summary>
/// Delivery attempts in process memory, thread-safe: for tests and a function run without
/// <c>ORGSYNC_TABLE_NAME</c> (where Lambda's retries of one event may well land on another instance, and so count
/// from 1 again). A count is forgotten once its <c>keepUntil</c> is at or before <paramref name="time"/>'s now.
/// </summary>
public sealed class InMemoryDeliveryAttempts(TimeProvider time) : IDeliveryAttempts
{
    private const int FirstSweep = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Attempts, DateTimeOffset KeepUntil)> _counts = new(StringComparer.Ordinal);
    private int _nextSweep = FirstSweep;

    public InMemoryDeliveryAttempts()
        : this(TimeProvider.System)
    {
    }

    public Task<int> RecordAttemptAsync(string deliveryId, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var attempts = _counts.TryGetValue(deliveryId, out var kept) && kept.KeepUntil > now ? kept.Attempts + 1 : 1;
            _counts[deliveryId] = (attempts, keepUntil);
            Sweep(now);
            return Task.FromResult(attempts);
        }
    }

    // Forgets what ran out, now and then (amortised constant time per call), so a long-running process stays small.
    private void Sweep(DateTimeOffset now)
    {
        if (_counts.Count < _nextSweep)
        {
            return;
        }

        foreach (var id in _counts.Where(entry => entry.Value.KeepUntil <= now).Select(entry => entry.Key).ToList())
        {
            _counts.Remove(id);
        }

        _nextSweep = Math.Max(FirstSweep, _counts.Count * 2);
    }
}
