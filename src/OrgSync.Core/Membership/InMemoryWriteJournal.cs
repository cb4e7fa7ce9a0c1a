namespace OrgSync.Core.Membership;

/// <summary>
/// The write journal in process memory, thread-safe: for tests, <c>orgsync local</c> without a ledger
/// folder, and a function run without <c>ORGSYNC_TABLE_NAME</c>. Records older than
/// <see cref="IWriteJournal.Retention"/> (by <paramref name="time"/>) are dropped on every record.
/// </summary>
public sealed class InMemoryWriteJournal(TimeProvider time) : IWriteJournal
{
    private readonly Lock _gate = new();
    private readonly WriteJournalBook _book = new();

    public InMemoryWriteJournal()
        : this(TimeProvider.System)
    {
    }

    public Task RecordWriteAsync(string scope, string writeId, DateTimeOffset at, int accountsChanged, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        var entry = new WriteJournalEntry(writeId, at, accountsChanged);
        cancellationToken.ThrowIfCancellationRequested();
        var cutoff = time.GetUtcNow() - IWriteJournal.Retention;
        lock (_gate)
        {
            _book.DropBefore(cutoff);
            if (at >= cutoff)
            {
                _book.TryAdd(scope, entry);
            }
        }

        return Task.CompletedTask;
    }

    public Task<long> CountSinceAsync(string scope, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_book.CountSince(scope, since));
        }
    }
}
