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

/// <summary>The file ledger as a second process sees it: every call is from a fresh open of the folder.</summary>
public sealed class FileMembershipLedgerReopenedContract : MembershipLedgerContract, IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private ReopeningFileLedger? _ledger;

    // Every record is an open, an fsync and a close.
    protected override int PropertyRuns => 15;

    protected override IMembershipLedger CreateLedger() => _ledger = new ReopeningFileLedger(_folder.Path, TimeProvider.System);

    public void Dispose()
    {
        _ledger?.Dispose();
        _folder.Dispose();
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
