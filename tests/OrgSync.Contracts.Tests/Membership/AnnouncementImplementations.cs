using OrgSync.Contracts.Tests.Support;
using OrgSync.Core.Membership;
using OrgSync.DynamoDb.Announcements;
using OrgSync.DynamoDb.Table;
using OrgSync.Local.Storage;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.Membership;

public sealed class InMemoryAnnouncementLedgerContract : AnnouncementLedgerContract
{
    protected override IAnnouncementLedger CreateLedger(TimeProvider time) => new InMemoryAnnouncementLedger(time);
}

/// <summary>The file ledger's announcements, with thresholds small enough that the longer cases run through compaction.</summary>
public sealed class FileAnnouncementLedgerContract : AnnouncementLedgerContract, IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private FileMembershipLedger? _ledger;

    protected override IAnnouncementLedger CreateLedger(TimeProvider time) =>
        _ledger = FileMembershipLedger.Open(_folder.Path, new FileLedgerOptions(CompactionFactor: 2, CompactionMinimumLines: 8), time);

    public void Dispose()
    {
        _ledger?.Dispose();
        _folder.Dispose();
    }
}

/// <summary>The file ledger's announcements as a second process sees them: every call is from a fresh open of the folder.</summary>
public sealed class FileAnnouncementLedgerReopenedContract : AnnouncementLedgerContract, IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private ReopeningFileLedger? _ledger;

    protected override IAnnouncementLedger CreateLedger(TimeProvider time) => _ledger = new ReopeningFileLedger(_folder.Path, time);

    public void Dispose()
    {
        _ledger?.Dispose();
        _folder.Dispose();
    }
}

/// <summary>
/// The DynamoDB announcements on dynalite. Claims run out by the times this store wrote from the test's
/// clock, never by dynalite's, so the fake clock works unchanged.
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbAnnouncementLedgerContract(DynaliteFixture dynalite) : AnnouncementLedgerContract, IAsyncLifetime
{
    private string? _table;

    public async Task InitializeAsync() => _table = await dynalite.TableAsync(nameof(DynamoDbAnnouncementLedgerContract));

    public Task DisposeAsync() => Task.CompletedTask;

    protected override IAnnouncementLedger CreateLedger(TimeProvider time) =>
        new DynamoDbAnnouncementLedger(dynalite.Client, new DynamoDbStorageOptions(_table!), time);
}
