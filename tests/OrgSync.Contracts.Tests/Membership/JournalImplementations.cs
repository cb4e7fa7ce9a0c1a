using OrgSync.Contracts.Tests.Support;
using OrgSync.Core.Membership;
using OrgSync.DynamoDb.Journal;
using OrgSync.DynamoDb.Table;
using OrgSync.Local.Storage;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.Membership;

public sealed class InMemoryWriteJournalContract : WriteJournalContract
{
    protected override IWriteJournal CreateJournal(TimeProvider time) => new InMemoryWriteJournal(time);
}

/// <summary>The file ledger's journal, with thresholds small enough that the longer cases run through compaction.</summary>
public sealed class FileWriteJournalContract : WriteJournalContract, IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private FileMembershipLedger? _ledger;

    protected override IWriteJournal CreateJournal(TimeProvider time) =>
        _ledger = FileMembershipLedger.Open(_folder.Path, new FileLedgerOptions(CompactionFactor: 2, CompactionMinimumLines: 8), time);

    public void Dispose()
    {
        _ledger?.Dispose();
        _folder.Dispose();
    }
}

/// <summary>The file ledger's journal as a second process sees it: every call is from a fresh open of the folder.</summary>
public sealed class FileWriteJournalReopenedContract : WriteJournalContract, IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private ReopeningFileLedger? _ledger;

    protected override int PropertyRuns => 15;

    protected override IWriteJournal CreateJournal(TimeProvider time) => _ledger = new ReopeningFileLedger(_folder.Path, time);

    public void Dispose()
    {
        _ledger?.Dispose();
        _folder.Dispose();
    }
}

[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbWriteJournalContract(DynaliteFixture dynalite) : WriteJournalContract, IAsyncLifetime
{
    private string? _table;

    public async Task InitializeAsync() => _table = await dynalite.TableAsync(nameof(DynamoDbWriteJournalContract));

    public Task DisposeAsync() => Task.CompletedTask;

    // Each generated history is a few dozen requests to dynalite.
    protected override int PropertyRuns => 20;

    protected override IWriteJournal CreateJournal(TimeProvider time) =>
        new DynamoDbWriteJournal(dynalite.Client, new DynamoDbStorageOptions(_table!), time);
}
