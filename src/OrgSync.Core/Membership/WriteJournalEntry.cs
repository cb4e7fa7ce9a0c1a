namespace OrgSync.Core.Membership;

/// <summary>
/// One recorded write of a <see cref="IWriteJournal"/>: its id, when it was made and how many accounts
/// it changed. Every store builds one from its arguments first, so all of them reject the same calls.
/// </summary>
public sealed record WriteJournalEntry
{
    public WriteJournalEntry(string writeId, DateTimeOffset at, int accountsChanged)
    {
        ArgumentException.ThrowIfNullOrEmpty(writeId);
        ArgumentOutOfRangeException.ThrowIfNegative(accountsChanged);
        WriteId = writeId;
        At = at;
        AccountsChanged = accountsChanged;
    }

    public string WriteId { get; }

    public DateTimeOffset At { get; }

    public int AccountsChanged { get; }
}
