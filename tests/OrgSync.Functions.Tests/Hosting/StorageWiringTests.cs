using Amazon.DynamoDBv2;
using Microsoft.Extensions.Logging.Abstractions;
using OrgSync.Core.Delivery;
using OrgSync.Core.Events;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Functions.Hosting;
using OrgSync.Functions.Storage;
using OrgSync.Tests.Shared;

namespace OrgSync.Functions.Tests.Hosting;

/// <summary>The stores <see cref="StorageWiring"/> builds, against a real (dynalite) table.</summary>
public sealed class StorageWiringTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task The_DynamoDB_stores_live_in_the_table_they_are_given_with_the_other_settings_from_the_environment()
    {
        var table = await dynalite.TableAsync(nameof(StorageWiringTests));
        var environment = new FunctionEnvironment(new Dictionary<string, string>
        {
            ["ORGSYNC_TABLE_NAME"] = "not-the-table-given",
            ["ORGSYNC_LEDGER_RETENTION_DAYS"] = "30",
        });
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var context = new StorageContext(environment, time, NullLoggerFactory.Instance, new Lazy<IAmazonDynamoDB>(() => dynalite.Client));
        var now = time.GetUtcNow();

        var storage = StorageWiring.CreateDynamoDb(table, context);
        await storage.Ledger.RecordAsync("scope", [new AccountChange("123456789012", ChangeKind.Join, now, "event-1")], CancellationToken.None);
        await storage.Journal.RecordWriteAsync("scope", "write-1", now, 2, CancellationToken.None);
        var claim = await storage.Announcements.ClaimAsync("notification-1", "sender-a", now.AddMinutes(1), "payload", CancellationToken.None);
        var grant = await storage.Lease.TryAcquireAsync("target", "sender-a", TimeSpan.FromMinutes(1), CancellationToken.None);
        var attempt = await storage.DeliveryAttempts.RecordAttemptAsync("request-1", now.AddDays(1), CancellationToken.None);

        Assert.Equal($"on DynamoDB table {table} (ledger retention 30 days)", storage.Description);
        var entry = await dynalite.ItemAsync(table, "ledger#scope", "account#123456789012");
        Assert.Equal((now + TimeSpan.FromDays(30)).ToUnixTimeSeconds().ToString(), entry["expiresAt"].N);
        await dynalite.ItemAsync(table, "journal#scope", "write#write-1");
        Assert.Equal(2, await storage.Journal.CountSinceAsync("scope", now, CancellationToken.None));
        Assert.Equal(AnnouncementClaim.Claimed, claim.Outcome);
        await dynalite.ItemAsync(table, "announcement#notification-1", "announcement");
        Assert.NotNull(grant);
        await dynalite.ItemAsync(table, "lease#target", "lease");
        Assert.Equal(1, attempt);
        Assert.Equal("1", (await dynalite.ItemAsync(table, "attempts#request-1", "attempts"))["attempts"].N);
    }

    [Fact]
    public void Without_a_table_every_store_is_in_memory()
    {
        var storage = StorageWiring.CreateInMemory(TimeProvider.System);

        Assert.IsType<InMemoryMembershipLedger>(storage.Ledger);
        Assert.IsType<InMemoryTargetLease>(storage.Lease);
        Assert.IsType<InMemoryWriteJournal>(storage.Journal);
        Assert.IsType<InMemoryAnnouncementLedger>(storage.Announcements);
        Assert.IsType<InMemoryDeliveryAttempts>(storage.DeliveryAttempts);
    }
}
