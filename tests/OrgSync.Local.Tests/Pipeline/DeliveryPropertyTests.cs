using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Local.Tests.Support;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Local.Tests.Pipeline;

/// <summary>
/// SPEC §1 as a property of the whole pipeline: whatever the order, the duplicates and the batching of the
/// deliveries, and whatever the ledger already holds, each account ends at its newest change (leave wins ties).
/// </summary>
public sealed class DeliveryPropertyTests
{
    private static readonly string[] Accounts = ["444444444444", "555555555555", "666666666666", "999999999999"];

    private sealed record Event(int Account, bool Join, int Minute);

    [Fact]
    public async Task Any_order_grouping_and_duplication_ends_at_the_newest_change_per_account()
    {
        var cases =
            from events in Gen.ListOf(
                from account in Gen.Choose(0, Accounts.Length - 1)
                from joins in Gen.Elements(true, false)
                from minute in Gen.Choose(0, 3)
                select new Event(account, joins, minute))
            from copies in Gen.ListOf(Gen.Choose(0, 99))
            from shuffled in Gen.Shuffle(events.Concat(copies.Where(i => events.Count > 0).Select(i => events[i % events.Count])).ToArray())
            from batchSize in Gen.Choose(1, 6)
            select (events, shuffled, batchSize);

        await Task.Run(() => FsCheck.Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(150),
            Prop.ForAll(cases.ToArbitrary(), c => Holds(c.events, c.shuffled, c.batchSize))));
    }

    private static void Holds(IReadOnlyList<Event> events, Event[] deliveries, int batchSize)
    {
        var appliers = new FakeAppliers();
        var processor = new BatchProcessor(Org.Targets, new PipelinePorts(appliers, new InMemoryMembershipLedger(), new InMemoryTargetLease(), new TestDirectory()));
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        for (var start = 0; start < deliveries.Length; start += batchSize)
        {
            var batch = deliveries.Skip(start).Take(batchSize).Select((e, i) => new InboundMessage($"m{start + i}", Body(e))).ToList();
            var outcome = processor.ProcessAsync(batch, new BatchContext("p", deadline), CancellationToken.None).GetAwaiter().GetResult();
            Assert.Empty(outcome.ToSqsBatchResponse().BatchItemFailures);
        }

        // Newest wins; on equal minutes a leave wins. 999999999999 is excluded: never added.
        var expected = events
            .GroupBy(e => e.Account)
            .Select(g => g.OrderBy(e => e.Minute).ThenBy(e => e.Join ? 0 : 1).Last())
            .Where(e => e.Join && Accounts[e.Account] != "999999999999")
            .Select(e => Accounts[e.Account])
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(expected, appliers.Accounts(Org.Targets.Aggregators[0].Key).ToArray());
        Assert.Equal(expected, appliers.Accounts(Org.Targets.Distributions[0].Key).ToArray());
    }

    private static string Body(Event e) =>
        e.Join ? Org.Join(Accounts[e.Account], Org.T0.AddMinutes(e.Minute)) : Org.Leave(Accounts[e.Account], Org.T0.AddMinutes(e.Minute));
}
