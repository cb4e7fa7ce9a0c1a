using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;

namespace OrgSync.Local.Storage;

/// <summary>When the file ledger rewrites its log.</summary>
/// <param name="CompactionFactor">Compact once the log holds this many lines per live entry.</param>
/// <param name="CompactionMinimumLines">Never compact a log shorter than this (rewriting tiny logs is churn).</param>
public sealed record FileLedgerOptions(int CompactionFactor = 4, int CompactionMinimumLines = 1000)
{
    public static FileLedgerOptions Default { get; } = new();
}

/// <summary>
/// The embedded durable ledger of <c>orgsync local</c>: an append-only JSON Lines log
/// (<c>ledger.jsonl</c>, one line per entry that moved forward) in a folder the caller owns, loaded
/// into memory at open. <see cref="RecordAsync"/> returns only after its lines reached the disk
/// (fsync); a crash can tear at most the last write, whose incomplete line is dropped on the next
/// open. The log is rewritten (to a temporary file, then renamed over it) once it holds
/// <see cref="FileLedgerOptions.CompactionFactor"/> lines per live entry. One process at a time:
/// <c>ledger.lock</c> is held exclusively while open. <see cref="InMemory"/> gives the same ledger
/// without a file.
/// </summary>
public sealed class FileMembershipLedger : IMembershipLedger, IDisposable
{
    public const string LogFileName = "ledger.jsonl";
    private const string LockFileName = "ledger.lock";
    private const string CompactionFileName = "ledger.jsonl.compacting";
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private readonly ConcurrentDictionary<(string Scope, string Account), Entry> _entries = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly FileLedgerOptions _options;
    private readonly TimeProvider _time;
    private readonly string? _folder;
    private readonly FileStream? _lockFile;
    private FileStream? _log;
    private long _lineCount;
    private bool _broken;
    private bool _disposed;

    private FileMembershipLedger(string? folder, FileStream? lockFile, FileLedgerOptions options, TimeProvider time)
    {
        _folder = folder;
        _lockFile = lockFile;
        _options = options;
        _time = time;
    }

    /// <summary>The log file, or null for an in-memory ledger.</summary>
    public string? LogPath => _folder is null ? null : Path.Combine(_folder, LogFileName);

    /// <summary>Opens (creating when needed) the ledger kept in <paramref name="folder"/>.</summary>
    /// <exception cref="IOException">Another process has the ledger open.</exception>
    /// <exception cref="InvalidDataException">A line other than the last is not a ledger entry.</exception>
    public static FileMembershipLedger Open(string folder, FileLedgerOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= FileLedgerOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CompactionFactor, 2, nameof(options));
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);

        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(folder, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new IOException($"the ledger in {folder} is in use by another process", exception);
        }

        var ledger = new FileMembershipLedger(folder, lockFile, options, time ?? TimeProvider.System);
        try
        {
            ledger.Load();
            return ledger;
        }
        catch
        {
            ledger.Dispose();
            throw;
        }
    }

    /// <summary>The same ledger kept in process memory only (nothing survives the process).</summary>
    public static FileMembershipLedger InMemory(TimeProvider? time = null) =>
        new(null, null, FileLedgerOptions.Default, time ?? TimeProvider.System);

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

    public async Task RecordAsync(string scope, IReadOnlyCollection<AccountChange> applied, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(applied);
        cancellationToken.ThrowIfCancellationRequested();
        if (applied.Count == 0)
        {
            return;
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_broken)
            {
                throw new IOException($"the ledger log {LogPath} could not be restored after a failed write; reopen the ledger");
            }

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

            if (forward.Count == 0)
            {
                return;
            }

            var recordedAt = FormatTime(_time.GetUtcNow());
            var entries = forward.Values
                .Select(change => (Key: (scope, change.AccountId), Entry: new Entry(
                    new AppliedChange(change.Kind, change.Time), string.IsNullOrEmpty(change.EventId) ? null : change.EventId, recordedAt)))
                .ToList();

            // Not cancellable from here on: a write abandoned halfway is exactly the torn line to avoid.
            if (_log is not null)
            {
                AppendDurably(Serialize(entries));
                _lineCount += entries.Count;
            }

            foreach (var (key, entry) in entries)
            {
                _entries[key] = entry;
            }

            if (_log is not null && _lineCount >= _options.CompactionMinimumLines && _lineCount > (long)_options.CompactionFactor * _entries.Count)
            {
                Compact();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _writeGate.Wait();
        try
        {
            _disposed = true;
            _log?.Dispose();
            _lockFile?.Dispose();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void Load()
    {
        var path = LogPath!;
        var stale = Path.Combine(_folder!, CompactionFileName);
        if (File.Exists(stale))
        {
            // A compaction that crashed before its rename: the log itself is still complete.
            File.Delete(stale);
        }

        var bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
        var validEnd = 0;
        var lastValidTerminated = true;
        (int Line, string Problem)? firstInvalid = null;
        var lineNumber = 0;
        for (var start = 0; start < bytes.Length;)
        {
            lineNumber++;
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            var end = newline < 0 ? bytes.Length : newline;
            var line = bytes.AsSpan(start, end - start);
            var next = newline < 0 ? bytes.Length : newline + 1;
            if (!line.Trim(" \t\r"u8).IsEmpty)
            {
                if (TryParse(line, out var key, out var entry, out var problem))
                {
                    if (firstInvalid is { } invalid)
                    {
                        throw new InvalidDataException(
                            $"{path}: line {invalid.Line} is not a ledger entry ({invalid.Problem}); only a torn last line is tolerated");
                    }

                    Apply(key, entry);
                    _lineCount++;
                    validEnd = next;
                    lastValidTerminated = newline >= 0;
                }
                else
                {
                    firstInvalid ??= (lineNumber, problem);
                }
            }

            start = next;
        }

        _log = OpenLog(path);
        if (validEnd < _log.Length)
        {
            // The torn tail of a write that never completed (its RecordAsync never returned).
            _log.SetLength(validEnd);
        }

        _log.Seek(0, SeekOrigin.End);
        if (!lastValidTerminated)
        {
            _log.WriteByte((byte)'\n');
        }

        _log.Flush(flushToDisk: true);
        if (_lineCount >= _options.CompactionMinimumLines && _lineCount > (long)_options.CompactionFactor * _entries.Count)
        {
            Compact();
        }
    }

    private void Apply((string Scope, string Account) key, Entry entry)
    {
        var stored = _entries.TryGetValue(key, out var current) ? current.Change : null;
        if (stored is null || ChangeOrder.Compare(entry.Change.Kind, entry.Change.Time, stored.Kind, stored.Time) > 0)
        {
            _entries[key] = entry;
        }
    }

    private void AppendDurably(byte[] lines)
    {
        var log = _log!;
        var before = log.Length;
        try
        {
            log.Write(lines);
            log.Flush(flushToDisk: true);
        }
        catch
        {
            // Leave no partial line behind for the next append to be glued to.
            try
            {
                log.SetLength(before);
                log.Seek(0, SeekOrigin.End);
                log.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                _broken = true;
            }

            throw;
        }
    }

    private void Compact()
    {
        var path = LogPath!;
        var temporary = Path.Combine(_folder!, CompactionFileName);
        var snapshot = _entries
            .OrderBy(pair => pair.Key.Scope, StringComparer.Ordinal)
            .ThenBy(pair => pair.Key.Account, StringComparer.Ordinal)
            .Select(pair => (pair.Key, pair.Value))
            .ToList();
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Serialize(snapshot));
                stream.Flush(flushToDisk: true);
            }

            _log!.Dispose();
            _log = null;

            // rename(2) is atomic: after a crash the log is either the old or the compacted one, both complete.
            File.Move(temporary, path, overwrite: true);
            _lineCount = snapshot.Count;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The old log is still complete and correct, only longer than it needs to be; retried on a later record.
            TryDelete(temporary);
        }
        finally
        {
            try
            {
                _log ??= OpenLog(path);
                _log.Seek(0, SeekOrigin.End);
            }
            catch (IOException)
            {
                _broken = true;
            }
        }
    }

    private static FileStream OpenLog(string path) =>
        new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);

    private static byte[] Serialize(IEnumerable<((string Scope, string Account) Key, Entry Entry)> entries)
    {
        using var buffer = new MemoryStream();
        foreach (var (key, entry) in entries)
        {
            var line = new FileLedgerLine(
                key.Scope,
                key.Account,
                entry.Change.Kind == ChangeKind.Leave ? "leave" : "join",
                FormatTime(entry.Change.Time),
                entry.EventId,
                entry.RecordedAt);
            JsonSerializer.Serialize(buffer, line, FileLedgerJsonContext.Default.FileLedgerLine);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    private static bool TryParse(
        ReadOnlySpan<byte> line, out (string Scope, string Account) key, out Entry entry, out string problem)
    {
        key = default;
        entry = null!;
        FileLedgerLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(line, FileLedgerJsonContext.Default.FileLedgerLine);
        }
        catch (JsonException exception)
        {
            problem = exception.Message;
            return false;
        }

        ChangeKind kind;
        switch (parsed?.Kind)
        {
            case "join":
                kind = ChangeKind.Join;
                break;
            case "leave":
                kind = ChangeKind.Leave;
                break;
            default:
                problem = "kind is neither join nor leave";
                return false;
        }

        if (parsed.Scope is null || string.IsNullOrEmpty(parsed.Account))
        {
            problem = "scope or account missing";
            return false;
        }

        if (!DateTimeOffset.TryParseExact(
                parsed.Time, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            problem = $"time '{parsed.Time}' is not {TimeFormat}";
            return false;
        }

        key = (parsed.Scope, parsed.Account);
        entry = new Entry(new AppliedChange(kind, time), parsed.EventId, parsed.RecordedAt);
        problem = string.Empty;
        return true;
    }

    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private sealed record Entry(AppliedChange Change, string? EventId, string? RecordedAt);
}
