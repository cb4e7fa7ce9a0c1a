namespace OrgSync.Local.Storage;

/// <summary>When the file ledger rewrites its log.</summary>
/// <param name="CompactionFactor">Compact once the log holds this many lines per live entry.</param>
/// <param name="CompactionMinimumLines">Never compact a log shorter than this (rewriting tiny logs is churn).</param>
public sealed record FileLedgerOptions(int CompactionFactor = 4, int CompactionMinimumLines = 1000)
{
    public static FileLedgerOptions Default { get; } = new();
}
