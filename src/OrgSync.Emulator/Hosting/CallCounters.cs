using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace OrgSync.Emulator.Hosting;

/// <summary>Calls received, by <c>service.Operation</c> (<c>config.PutConfigurationAggregator</c>), faulted or failed ones included.</summary>
internal sealed class CallCounters
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Increment(string key) => _counts.AddOrUpdate(key, 1, static (_, n) => n + 1);

    public long Get(string key) => _counts.TryGetValue(key, out var n) ? n : 0;

    public ImmutableSortedDictionary<string, long> Snapshot() => _counts.ToImmutableSortedDictionary(StringComparer.Ordinal);

    public void Reset() => _counts.Clear();
}
