using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Local.Storage;

namespace OrgSync.Contracts.Tests.Support;

/// <summary>
/// The file ledger as a second process sees it: every call opens the folder afresh (replaying the log,
/// with a small compaction threshold so that rewrites happen too), runs, and closes it again.
/// </summary>
public sealed class ReopeningFileLedger(string folder, TimeProvider time) : IMembershipLedger, IWriteJournal, IAnnouncementLedger, IDisposable
{
    private static readonly FileLedgerOptions SmallLog = new(CompactionFactor: 2, CompactionMinimumLines: 4);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task<ImmutableDictionary<string, AppliedChange>> ReadAsync(
        string scope, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken) =>
        WithLedgerAsync(ledger => ledger.ReadAsync(scope, accountIds, cancellationToken), cancellationToken);

    public Task RecordAsync(string scope, IReadOnlyCollection<AccountChange> applied, CancellationToken cancellationToken) =>
        WithLedgerAsync(async ledger => { await ledger.RecordAsync(scope, applied, cancellationToken); return true; }, cancellationToken);

    public Task RecordWriteAsync(string scope, string writeId, DateTimeOffset at, int accountsChanged, CancellationToken cancellationToken) =>
        WithLedgerAsync(async ledger => { await ledger.RecordWriteAsync(scope, writeId, at, accountsChanged, cancellationToken); return true; }, cancellationToken);

    public Task<long> CountSinceAsync(string scope, DateTimeOffset since, CancellationToken cancellationToken) =>
        WithLedgerAsync(ledger => ledger.CountSinceAsync(scope, since, cancellationToken), cancellationToken);

    public Task<AnnouncementTicket> ClaimAsync(string announcementId, string owner, DateTimeOffset until, string payload, CancellationToken cancellationToken) =>
        WithLedgerAsync(ledger => ledger.ClaimAsync(announcementId, owner, until, payload, cancellationToken), cancellationToken);

    public Task<bool> CompleteAsync(string announcementId, string owner, CancellationToken cancellationToken) =>
        WithLedgerAsync(ledger => ledger.CompleteAsync(announcementId, owner, cancellationToken), cancellationToken);

    public Task ReleaseAsync(string announcementId, string owner, CancellationToken cancellationToken) =>
        WithLedgerAsync(async ledger => { await ledger.ReleaseAsync(announcementId, owner, cancellationToken); return true; }, cancellationToken);

    public void Dispose() => _gate.Dispose();

    private async Task<T> WithLedgerAsync<T>(Func<FileMembershipLedger, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var ledger = FileMembershipLedger.Open(folder, SmallLog, time);
            return await work(ledger);
        }
        finally
        {
            _gate.Release();
        }
    }
}
