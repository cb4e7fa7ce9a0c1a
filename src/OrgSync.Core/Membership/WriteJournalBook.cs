namespace OrgSync.Core.Membership;

/// <summary>
/// The records of a <see cref="IWriteJournal"/> held in memory: the rules every local store shares
/// (first record of a write id wins, "since" is inclusive, old records are dropped). Not thread-safe:
/// the stores serialise access.
/// </summary>
public sealed class WriteJournalBook
{
    private readonly Dictionary<string, Dictionary<string, WriteJournalEntry>> _scopes = new(StringComparer.Ordinal);

    /// <summary>How many records the book holds, over all scopes.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the record unless its write id is already recorded in the scope; true when it was added.</summary>
    public bool TryAdd(string scope, WriteJournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(entry);
        if (!_scopes.TryGetValue(scope, out var writes))
        {
            writes = new Dictionary<string, WriteJournalEntry>(StringComparer.Ordinal);
            _scopes[scope] = writes;
        }

        if (!writes.TryAdd(entry.WriteId, entry))
        {
            return false;
        }

        Count++;
        return true;
    }

    public bool Contains(string scope, string writeId) =>
        _scopes.TryGetValue(scope, out var writes) && writes.ContainsKey(writeId);

    public long CountSince(string scope, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return _scopes.TryGetValue(scope, out var writes)
            ? writes.Values.Where(entry => entry.At >= since).Sum(entry => (long)entry.AccountsChanged)
            : 0;
    }

    /// <summary>Drops every record made before <paramref name="cutoff"/>.</summary>
    public void DropBefore(DateTimeOffset cutoff)
    {
        foreach (var (scope, writes) in _scopes.ToList())
        {
            foreach (var (writeId, entry) in writes.ToList())
            {
                if (entry.At < cutoff)
                {
                    writes.Remove(writeId);
                    Count--;
                }
            }

            if (writes.Count == 0)
            {
                _scopes.Remove(scope);
            }
        }
    }

    /// <summary>Every record, by scope and then by time (a stable order for a rewritten log).</summary>
    public IEnumerable<(string Scope, WriteJournalEntry Entry)> Entries() =>
        _scopes
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .SelectMany(pair => pair.Value.Values
                .OrderBy(entry => entry.At)
                .ThenBy(entry => entry.WriteId, StringComparer.Ordinal)
                .Select(entry => (pair.Key, entry)));
}
