using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;

namespace OrgSync.Local.Storage;

/// <summary>
/// The stores of <c>orgsync local</c>. Every consumer runs in this one process, so Core's
/// <see cref="InMemoryTargetLease"/> is the lease; the ledger, the write journal and the announcements
/// are durable in <c>folder</c> when one is given (one <see cref="FileMembershipLedger"/>: a rerun then
/// recognises events it already applied and announcements it already made), else Core's in-memory stores.
/// </summary>
public sealed class EmbeddedStorage : IDisposable
{
    private readonly FileMembershipLedger? _file;

    private EmbeddedStorage(
        IMembershipLedger ledger, IWriteJournal journal, IAnnouncementLedger announcements, ITargetLease lease, FileMembershipLedger? file)
    {
        Ledger = ledger;
        Journal = journal;
        Announcements = announcements;
        Lease = lease;
        _file = file;
    }

    public IMembershipLedger Ledger { get; }

    public IWriteJournal Journal { get; }

    public IAnnouncementLedger Announcements { get; }

    public ITargetLease Lease { get; }

    /// <summary>The ledger's log file, or null when everything lives in memory only.</summary>
    public string? LedgerPath => _file?.LogPath;

    public static EmbeddedStorage Open(string? folder, TimeProvider time, FileLedgerOptions? options = null)
    {
        if (folder is null)
        {
            return new(new InMemoryMembershipLedger(), new InMemoryWriteJournal(time), new InMemoryAnnouncementLedger(time), new InMemoryTargetLease(time), null);
        }

        var file = FileMembershipLedger.Open(folder, options, time);
        return new(file, file, file, new InMemoryTargetLease(time), file);
    }

    public void Dispose() => _file?.Dispose();
}
