using OrgSync.Contracts.Tests.Support;
using OrgSync.Core.Membership;
using OrgSync.DynamoDb.Membership;
using OrgSync.DynamoDb.Table;
using OrgSync.Local.Storage;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.Membership;

public sealed class InMemoryMembershipLedgerContract : MembershipLedgerContract
{
    protected override IMembershipLedger CreateLedger() => new InMemoryMembershipLedger();
}

public sealed class FileMembershipLedgerInMemoryContract : MembershipLedgerContract, IDisposable
{
    private readonly FileMembershipLedger _ledger = FileMembershipLedger.InMemory();

    protected override IMembershipLedger CreateLedger() => _ledger;

    public void Dispose() => _ledger.Dispose();
}

/// <summary>The file ledger, and the same checks again after every write has been reloaded from disk.</summary>
public sealed class FileMembershipLedgerContract : MembershipLedgerContract, IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private FileMembershipLedger? _ledger;

    // Small thresholds, so that the concurrent and bulk cases also run through compaction.
    protected override IMembershipLedger CreateLedger() =>
        _ledger = FileMembershipLedger.Open(_folder.Path, new FileLedgerOptions(CompactionFactor: 2, CompactionMinimumLines: 8));

    public void Dispose()
    {
        _ledger?.Dispose();
        _folder.Dispose();
    }
}

/// <summary>The file ledger as a second process sees it: every read is from a fresh open of the folder.</summary>
public sealed class FileMembershipLedgerReopenedContract : MembershipLedgerContract, IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private ReopeningLedger? _ledger;

    // Every record is an open, an fsync and a close.
    protected override int PropertyRuns => 15;

    protected override IMembershipLedger CreateLedger() => _ledger = new ReopeningLedger(_folder.Path);

    public void Dispose()
    {
        _ledger?.Dispose();
        _folder.Dispose();
    }

    private sealed class ReopeningLedger(string folder) : IMembershipLedger, IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public async Task<System.Collections.Immutable.ImmutableDictionary<string, AppliedChange>> ReadAsync(
            string scope, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _gate.WaitAsync(cancellationToken);
            try
            {
                using var ledger = FileMembershipLedger.Open(folder);
                return await ledger.ReadAsync(scope, accountIds, cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }

        public async Task RecordAsync(string scope, IReadOnlyCollection<Core.Events.AccountChange> applied, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _gate.WaitAsync(cancellationToken);
            try
            {
                using var ledger = FileMembershipLedger.Open(folder, new FileLedgerOptions(CompactionFactor: 2, CompactionMinimumLines: 4));
                await ledger.RecordAsync(scope, applied, cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Dispose() => _gate.Dispose();
    }
}

[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbMembershipLedgerContract(DynaliteFixture dynalite) : MembershipLedgerContract, IAsyncLifetime
{
    private string? _table;

    public async Task InitializeAsync() => _table = await dynalite.TableAsync(nameof(DynamoDbMembershipLedgerContract));

    public Task DisposeAsync() => Task.CompletedTask;

    // Each generated history is a few dozen requests to dynalite.
    protected override int PropertyRuns => 20;

    protected override IMembershipLedger CreateLedger() =>
        new DynamoDbMembershipLedger(dynalite.Client, new DynamoDbStorageOptions(_table!));
}
