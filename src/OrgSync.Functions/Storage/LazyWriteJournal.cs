using OrgSync.Core.Membership;

namespace OrgSync.Functions.Storage;

/// <summary>A write journal built on first use (see <see cref="LazyMembershipLedger"/>).</summary>
public sealed class LazyWriteJournal(Func<IWriteJournal> create) : IWriteJournal
{
    private readonly Lazy<IWriteJournal> _journal = new(create);

    public Task RecordWriteAsync(string scope, string writeId, DateTimeOffset at, int accountsChanged, CancellationToken cancellationToken) =>
        _journal.Value.RecordWriteAsync(scope, writeId, at, accountsChanged, cancellationToken);

    public Task<long> CountSinceAsync(string scope, DateTimeOffset since, CancellationToken cancellationToken) =>
        _journal.Value.CountSinceAsync(scope, since, cancellationToken);
}
