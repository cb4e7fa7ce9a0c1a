using OrgSync.Contracts.Tests.Support;
using OrgSync.Core.Events;
using OrgSync.Core.Leasing;
using OrgSync.Local.Storage;

namespace OrgSync.Contracts.Tests.Membership;

public sealed class EmbeddedStorageTests
{
    private static readonly AccountChange Joined = new("111111111111", ChangeKind.Join, new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), "e");

    [Fact]
    public async Task With_a_folder_the_ledger_outlives_the_run()
    {
        using var folder = new TemporaryFolder();
        using (var first = EmbeddedStorage.Open(folder.Path, TimeProvider.System))
        {
            await first.Ledger.RecordAsync("scope", [Joined], default);
            Assert.Equal(Path.Combine(folder.Path, FileMembershipLedger.LogFileName), first.LedgerPath);
        }

        using var second = EmbeddedStorage.Open(folder.Path, TimeProvider.System);
        Assert.Single(await second.Ledger.ReadAsync("scope", [Joined.AccountId], default));
        Assert.IsType<InMemoryTargetLease>(second.Lease);
    }

    [Fact]
    public async Task Without_a_folder_everything_stays_in_memory()
    {
        using var storage = EmbeddedStorage.Open(null, TimeProvider.System);

        await storage.Ledger.RecordAsync("scope", [Joined], default);

        Assert.Null(storage.LedgerPath);
        Assert.Single(await storage.Ledger.ReadAsync("scope", [Joined.AccountId], default));
    }
}
