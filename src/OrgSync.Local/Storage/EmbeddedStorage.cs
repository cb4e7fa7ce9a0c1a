using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;

namespace OrgSync.Local.Storage;

/// <summary>
/// The ledger and lease of <c>orgsync local</c>. Every consumer runs in this one process, so Core's
/// <see cref="InMemoryTargetLease"/> is the lease; the ledger is durable in <c>folder</c> when one is
/// given (a rerun then recognises events it already applied), else in memory.
/// </summary>
public sealed class EmbeddedStorage : IDisposable
{
    private readonly FileMembershipLedger _ledger;

    private EmbeddedStorage(FileMembershipLedger ledger, ITargetLease lease)
    {
        _ledger = ledger;
        Lease = lease;
    }

    public IMembershipLedger Ledger => _ledger;

    public ITargetLease Lease { get; }

    /// <summary>The ledger's log file, or null when it lives in memory only.</summary>
    public string? LedgerPath => _ledger.LogPath;

    public static EmbeddedStorage Open(string? folder, TimeProvider time, FileLedgerOptions? options = null) =>
        new(folder is null ? FileMembershipLedger.InMemory(time) : FileMembershipLedger.Open(folder, options, time), new InMemoryTargetLease(time));

    public void Dispose() => _ledger.Dispose();
}
