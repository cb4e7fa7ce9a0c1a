using System.Text.Json;

namespace OrgSync.Local.Storage;

/// <summary>
/// The file side of the ledger: the folder's exclusive lock, and the JSON Lines log read at open,
/// appended durably (fsync) and rewritten by compaction. Knows lines, not what they mean; the caller
/// serialises every call after <see cref="Load"/>.
/// </summary>
internal sealed class FileLedgerLog : IDisposable
{
    public const string LogFileName = "ledger.jsonl";
    private const string LockFileName = "ledger.lock";
    private const string CompactionFileName = "ledger.jsonl.compacting";

    private readonly string _folder;
    private readonly FileStream _lockFile;
    private FileStream? _log;
    private bool _broken;

    private FileLedgerLog(string folder, FileStream lockFile)
    {
        _folder = folder;
        _lockFile = lockFile;
    }

    public string LogPath => Path.Combine(_folder, LogFileName);

    /// <summary>How many lines the log holds.</summary>
    public long LineCount { get; private set; }

    /// <summary>Takes the folder (creating it when needed) for this process.</summary>
    /// <exception cref="IOException">Another process has the ledger open.</exception>
    public static FileLedgerLog Lock(string folder)
    {
        Directory.CreateDirectory(folder);
        try
        {
            return new FileLedgerLog(folder, new FileStream(Path.Combine(folder, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException exception)
        {
            throw new IOException($"the ledger in {folder} is in use by another process", exception);
        }
    }

    /// <summary>
    /// Reads the log: every line decoded by <paramref name="decode"/> (which returns why a line is not
    /// valid, or null), in order. A torn last line is dropped, and the log is opened for appending.
    /// </summary>
    /// <exception cref="InvalidDataException">A line other than the last is not valid.</exception>
    public IReadOnlyList<T> Load<T>(LineDecoder<T> decode)
    {
        var path = LogPath;
        var stale = Path.Combine(_folder, CompactionFileName);
        if (File.Exists(stale))
        {
            // A compaction that crashed before its rename: the log itself is still complete.
            File.Delete(stale);
        }

        var bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
        var decoded = new List<T>();
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
                var value = default(T)!;
                if ((Parse(line, out var parsed) ?? decode(parsed!, out value)) is { } problem)
                {
                    firstInvalid ??= (lineNumber, problem);
                }
                else if (firstInvalid is { } invalid)
                {
                    throw new InvalidDataException(
                        $"{path}: line {invalid.Line} is not a ledger entry ({invalid.Problem}); only a torn last line is tolerated");
                }
                else
                {
                    decoded.Add(value);
                    LineCount++;
                    validEnd = next;
                    lastValidTerminated = newline >= 0;
                }
            }

            start = next;
        }

        _log = OpenLog(path);
        if (validEnd < _log.Length)
        {
            // The torn tail of a write that never completed (its caller never saw it succeed).
            _log.SetLength(validEnd);
        }

        _log.Seek(0, SeekOrigin.End);
        if (!lastValidTerminated)
        {
            _log.WriteByte((byte)'\n');
        }

        _log.Flush(flushToDisk: true);
        return decoded;
    }

    /// <summary>
    /// Appends the lines and returns only once they reached the disk. A failed append leaves no partial
    /// line behind (or, when even that fails, refuses every later append until the ledger is reopened).
    /// Not cancellable: a write abandoned halfway is exactly the torn line to avoid.
    /// </summary>
    public void Append(IReadOnlyCollection<FileLedgerLine> lines)
    {
        if (_broken || _log is null)
        {
            throw new IOException($"the ledger log {LogPath} could not be restored after a failed write; reopen the ledger");
        }

        var log = _log;
        var before = log.Length;
        try
        {
            log.Write(Serialize(lines));
            log.Flush(flushToDisk: true);
            LineCount += lines.Count;
        }
        catch
        {
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

    /// <summary>
    /// Replaces the log by <paramref name="lines"/> (a temporary file, fsynced, then renamed over it). On
    /// failure the old log, complete and correct but longer, stays; a later compaction tries again.
    /// </summary>
    public void Rewrite(IReadOnlyCollection<FileLedgerLine> lines)
    {
        var path = LogPath;
        var temporary = Path.Combine(_folder, CompactionFileName);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Serialize(lines));
                stream.Flush(flushToDisk: true);
            }

            _log?.Dispose();
            _log = null;

            // rename(2) is atomic: after a crash the log is either the old or the compacted one, both complete.
            File.Move(temporary, path, overwrite: true);
            LineCount = lines.Count;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
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

    public void Dispose()
    {
        _log?.Dispose();
        _lockFile.Dispose();
    }

    private static string? Parse(ReadOnlySpan<byte> line, out FileLedgerLine? parsed)
    {
        try
        {
            parsed = JsonSerializer.Deserialize(line, FileLedgerJsonContext.Default.FileLedgerLine);
            return parsed is null ? "null is not a ledger line" : null;
        }
        catch (JsonException exception)
        {
            parsed = null;
            return exception.Message;
        }
    }

    private static byte[] Serialize(IEnumerable<FileLedgerLine> lines)
    {
        using var buffer = new MemoryStream();
        foreach (var line in lines)
        {
            JsonSerializer.Serialize(buffer, line, FileLedgerJsonContext.Default.FileLedgerLine);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    private static FileStream OpenLog(string path) =>
        new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);

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
}
