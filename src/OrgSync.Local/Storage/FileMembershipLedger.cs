using System.Collections.Concurrent;
using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;

namespace OrgSync.Local.Storage;

/// <summary>
/// The embedded durable ledger of <c>orgsync local</c> — membership entries, the write journal and the
/// announcements — kept as an append-only JSON Lines log (<c>ledger.jsonl</c>, one line per state change,
/// formats in <see cref="FileLedgerLine"/>) in a folder the caller owns, and replayed into memory at open.
/// Every change returns only after its line reached the disk (fsync); a crash can tear at most the last
/// write, whose incomplete line is dropped on the next open. The log is rewritten (to a temporary file,
/// then renamed over it) once it holds <see cref="FileLedgerOptions.CompactionFactor"/> lines per live
/// entry; the rewrite leaves out journal records older than <see cref="IWriteJournal.Retention"/> and
/// claims abandoned for longer than <see cref="AnnouncementRules.AbandonedClaimRetention"/>. One process
/// at a time: <c>ledger.lock</c> is held exclusively while open. Without a folder, use Core's in-memory stores.
/// </summary>
public sealed class FileMembershipLedger : IMembershipLedger, IWriteJournal, IAnnouncementLedger, IDisposable
{
    public const string LogFileName = FileLedgerLog.LogFileName;

    private readonly ConcurrentDictionary<(string Scope, string Account), MembershipMoved> _entries = new();
    private readonly WriteJournalBook _journal = new();
    private readonly Dictionary<string, AnnouncementState> _announcements = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly FileLedgerLog _log;
    private readonly FileLedgerOptions _options;
    private readonly TimeProvider _time;
    private bool _disposed;

    private FileMembershipLedger(FileLedgerLog log, FileLedgerOptions options, TimeProvider time)
    {
        _log = log;
        _options = options;
        _time = time;
    }

    /// <summary>The log file.</summary>
    public string LogPath => _log.LogPath;

    /// <summary>Opens (creating when needed) the ledger kept in <paramref name="folder"/>.</summary>
    /// <exception cref="IOException">Another process has the ledger open.</exception>
    /// <exception cref="InvalidDataException">A line other than the last is not a ledger entry.</exception>
    public static FileMembershipLedger Open(string folder, FileLedgerOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= FileLedgerOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CompactionFactor, 2, nameof(options));

        var ledger = new FileMembershipLedger(FileLedgerLog.Lock(Path.GetFullPath(folder)), options, time ?? TimeProvider.System);
        try
        {
            foreach (var change in ledger._log.Load<FileLedgerChange>(FileLedgerChange.Decode))
            {
                ledger.Apply(change);
            }

            ledger.CompactIfDue();
            return ledger;
        }
        catch
        {
            ledger.Dispose();
            throw;
        }
    }

    public Task<ImmutableDictionary<string, AppliedChange>> ReadAsync(
        string scope, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(accountIds);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Entries become visible only after they are durable, so a lock-free read never sees more than the disk holds.
        var builder = ImmutableDictionary.CreateBuilder<string, AppliedChange>(StringComparer.Ordinal);
        foreach (var account in accountIds)
        {
            if (_entries.TryGetValue((scope, account), out var entry))
            {
                builder[account] = entry.Change;
            }
        }

        return Task.FromResult(builder.ToImmutable());
    }

    public Task RecordAsync(string scope, IReadOnlyCollection<AccountChange> applied, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(applied);
        cancellationToken.ThrowIfCancellationRequested();
        if (applied.Count == 0)
        {
            return Task.CompletedTask;
        }

        return UnderGateAsync(
            now =>
            {
                var forward = new Dictionary<string, AccountChange>(StringComparer.Ordinal);
                foreach (var change in applied)
                {
                    var stored = _entries.TryGetValue((scope, change.AccountId), out var entry) ? entry.Change : null;
                    if (ChangeOrder.Supersedes(change, stored)
                        && (!forward.TryGetValue(change.AccountId, out var pending) || ChangeOrder.Compare(change, pending) > 0))
                    {
                        forward[change.AccountId] = change;
                    }
                }

                var recordedAt = FileLedgerChange.FormatTime(now);
                Commit(forward.Values
                    .Select(FileLedgerChange (change) => new MembershipMoved(
                        scope, change.AccountId, new AppliedChange(change.Kind, change.Time, change.Blocked), string.IsNullOrEmpty(change.EventId) ? null : change.EventId, recordedAt))
                    .ToArray());
                return true;
            },
            cancellationToken);
    }

    public Task RecordWriteAsync(string scope, string writeId, DateTimeOffset at, int accountsChanged, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        var entry = new WriteJournalEntry(writeId, at, accountsChanged);
        cancellationToken.ThrowIfCancellationRequested();
        return UnderGateAsync(
            now =>
            {
                if (entry.At >= now - IWriteJournal.Retention && !_journal.Contains(scope, writeId))
                {
                    Commit([new WriteRecorded(scope, entry, FileLedgerChange.FormatTime(now))]);
                }

                return true;
            },
            cancellationToken);
    }

    public Task<long> CountSinceAsync(string scope, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        cancellationToken.ThrowIfCancellationRequested();
        return UnderGateAsync(_ => _journal.CountSince(scope, since), cancellationToken);
    }

    public Task<AnnouncementTicket> ClaimAsync(string announcementId, string owner, DateTimeOffset until, string payload, CancellationToken cancellationToken)
    {
        AnnouncementRules.Validate(announcementId, owner, payload);
        cancellationToken.ThrowIfCancellationRequested();
        return UnderGateAsync(
            now =>
            {
                var (ticket, next) = AnnouncementRules.Claim(_announcements.GetValueOrDefault(announcementId), owner, until, payload, now);
                if (ticket.Outcome == AnnouncementClaim.Claimed)
                {
                    Commit([new AnnouncementChanged(announcementId, owner, next, FileLedgerChange.FormatTime(now))]);
                }

                return ticket;
            },
            cancellationToken);
    }

    public Task<bool> CompleteAsync(string announcementId, string owner, CancellationToken cancellationToken)
    {
        AnnouncementRules.Validate(announcementId, owner);
        cancellationToken.ThrowIfCancellationRequested();
        return UnderGateAsync(
            now =>
            {
                var current = _announcements.GetValueOrDefault(announcementId);
                var (completed, next) = AnnouncementRules.Complete(current, owner);
                if (completed && current is { Completed: false })
                {
                    Commit([new AnnouncementChanged(announcementId, owner, next, FileLedgerChange.FormatTime(now))]);
                }

                return completed;
            },
            cancellationToken);
    }

    public Task ReleaseAsync(string announcementId, string owner, CancellationToken cancellationToken)
    {
        AnnouncementRules.Validate(announcementId, owner);
        cancellationToken.ThrowIfCancellationRequested();
        return UnderGateAsync(
            now =>
            {
                var current = _announcements.GetValueOrDefault(announcementId);
                var next = AnnouncementRules.Release(current, owner);
                if (current is not null && !ReferenceEquals(next, current))
                {
                    Commit([new AnnouncementChanged(announcementId, owner, next, FileLedgerChange.FormatTime(now))]);
                }

                return true;
            },
            cancellationToken);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _gate.Wait();
        try
        {
            _disposed = true;
            _log.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<T> UnderGateAsync<T>(Func<DateTimeOffset, T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // Not cancellable from here on: a write abandoned halfway is exactly the torn line to avoid.
            return work(_time.GetUtcNow());
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes the changes durable, then visible; under the gate.</summary>
    private void Commit(FileLedgerChange[] changes)
    {
        if (changes.Length == 0)
        {
            return;
        }

        _log.Append(changes.Select(change => change.ToLine()).ToList());
        foreach (var change in changes)
        {
            Apply(change);
        }

        CompactIfDue();
    }

    /// <summary>One change into the state: at open for every line of the log, later for every committed one.</summary>
    private void Apply(FileLedgerChange change)
    {
        switch (change)
        {
            case MembershipMoved moved:
                var key = (moved.Scope, moved.Account);
                var stored = _entries.TryGetValue(key, out var current) ? current.Change : null;
                if (stored is null || ChangeOrder.Compare(moved.Change.Kind, moved.Change.Time, stored.Kind, stored.Time) > 0)
                {
                    _entries[key] = moved;
                }

                break;
            case WriteRecorded written:
                _journal.TryAdd(written.Scope, written.Entry);
                break;
            case AnnouncementChanged { State: null } released:
                _announcements.Remove(released.AnnouncementId);
                break;
            case AnnouncementChanged announced:
                _announcements[announced.AnnouncementId] = announced.State;
                break;
        }
    }

    private void CompactIfDue()
    {
        var live = _entries.Count + _journal.Count + _announcements.Count;
        if (_log.LineCount < _options.CompactionMinimumLines || _log.LineCount <= (long)_options.CompactionFactor * live)
        {
            return;
        }

        var now = _time.GetUtcNow();
        _journal.DropBefore(now - IWriteJournal.Retention);
        foreach (var (id, state) in _announcements.ToList())
        {
            if (!AnnouncementRules.MustKeep(state, now))
            {
                _announcements.Remove(id);
            }
        }

        // Journal records and announcements are written without recordedAt: the rewrite would not be when they happened.
        var snapshot = _entries
            .OrderBy(pair => pair.Key.Scope, StringComparer.Ordinal)
            .ThenBy(pair => pair.Key.Account, StringComparer.Ordinal)
            .Select(pair => pair.Value.ToLine())
            .Concat(_journal.Entries().Select(record => new WriteRecorded(record.Scope, record.Entry, null).ToLine()))
            .Concat(_announcements
                .OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => new AnnouncementChanged(pair.Key, pair.Value.Owner, pair.Value, null).ToLine()))
            .ToList();
        _log.Rewrite(snapshot);
    }
}
