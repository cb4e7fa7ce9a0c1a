using OrgSync.Contracts.Tests.Support;
using OrgSync.Core.Events;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
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
        var file = Assert.IsType<FileMembershipLedger>(second.Ledger);
        Assert.Same(file, second.Journal);
        Assert.Same(file, second.Announcements);
    }

    [Fact]
    public async Task With_a_folder_the_journal_and_the_announcements_outlive_the_run_too()
    {
        using var folder = new TemporaryFolder();
        var until = DateTimeOffset.UtcNow.AddMinutes(5);
        using (var first = EmbeddedStorage.Open(folder.Path, TimeProvider.System))
        {
            await first.Journal.RecordWriteAsync("scope", "write-1", DateTimeOffset.UtcNow, 3, default);
            await first.Announcements.ClaimAsync("notification-1", "run-1", until, "payload", default);
            await first.Announcements.CompleteAsync("notification-1", "run-1", default);
        }

        using var second = EmbeddedStorage.Open(folder.Path, TimeProvider.System);
        Assert.Equal(3, await second.Journal.CountSinceAsync("scope", DateTimeOffset.UtcNow.AddDays(-7), default));
        Assert.Equal(AnnouncementClaim.AlreadyAnnounced, (await second.Announcements.ClaimAsync("notification-1", "run-2", until, "payload", default)).Outcome);
    }

    [Fact]
    public async Task Without_a_folder_Cores_in_memory_stores_are_used()
    {
        using var storage = EmbeddedStorage.Open(null, TimeProvider.System);

        await storage.Ledger.RecordAsync("scope", [Joined], default);

        Assert.Null(storage.LedgerPath);
        Assert.Single(await storage.Ledger.ReadAsync("scope", [Joined.AccountId], default));
        Assert.IsType<InMemoryMembershipLedger>(storage.Ledger);
        Assert.IsType<InMemoryWriteJournal>(storage.Journal);
        Assert.IsType<InMemoryAnnouncementLedger>(storage.Announcements);
        Assert.IsType<InMemoryTargetLease>(storage.Lease);
    }
}
