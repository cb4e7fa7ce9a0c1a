using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Applying;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Core.Notifications;
using OrgSync.Core.Targets;
using OrgSync.Local.Tests.Support;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Local.Tests.Pipeline;

/// <summary>
/// SPEC §7 as a property of the whole pipeline: whatever the duplicates, the batching, the number of consumers, the
/// failed targets and the failed or lost sends, each (input, account) is announced at most once plus once per lost
/// response — every copy with the same id and detail — and at least once when its inputs were all consumed; each task
/// token is answered once.
/// </summary>
public sealed class CompletionPropertyTests
{
    private const int MaxReceiveCount = 3;
    private static readonly string[] Accounts = ["444444444444", "555555555555", "666666666666", "999999999999"];

    private static readonly TargetsFile Targets = Org.TargetsWithNotifications;

    private sealed record Input(int[] Accounts, bool Join, int Minute, bool Task);

    private sealed record Schedule(List<Input> Inputs, int[] Deliveries, int BatchSize, int Consumers, int Seed);

    [Fact]
    public async Task Every_input_and_account_is_announced_once_per_send_that_may_have_landed_and_every_task_answered_once()
    {
        var schedules =
            from inputs in Gen.ListOf(
                from accounts in Gen.Elements<int[]>([0], [1], [2], [3], [0, 1], [1, 3])
                from joins in Gen.Elements(true, false)
                from minute in Gen.Choose(0, 3)
                from task in Gen.Elements(true, false)
                select new Input(accounts, joins, minute, task))
            where inputs.Count > 0
            from copies in Gen.ListOf(Gen.Choose(0, 99))
            from deliveries in Gen.Shuffle(Enumerable.Range(0, inputs.Count).Concat(copies.Select(c => c % inputs.Count)).ToArray())
            from batchSize in Gen.Choose(1, 5)
            from consumers in Gen.Choose(1, 4)
            from seed in Gen.Choose(0, int.MaxValue)
            select new Schedule([.. inputs], deliveries, batchSize, consumers, seed);

        await Task.Run(() => FsCheck.Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(100),
            Prop.ForAll(schedules.ToArbitrary(), schedule => Holds(schedule).GetAwaiter().GetResult())));
    }

    private static async Task Holds(Schedule schedule)
    {
        var random = new Random(schedule.Seed);
        var gate = new Lock();
        double Roll()
        {
            lock (gate)
            {
                return random.NextDouble();
            }
        }

        var publisher = new FakePublisher
        {
            EventFate = _ => Roll() switch { < 0.15 => SendStatus.Unknown, < 0.3 => SendStatus.NotSent, _ => SendStatus.Sent },
            CallbackFate = _ => Roll() switch { < 0.15 => SendStatus.Unknown, < 0.3 => SendStatus.NotSent, _ => SendStatus.Sent },
        };
        var processor = new BatchProcessor(
            Targets,
            new PipelinePorts(new FlakyAppliers(new FakeAppliers(), () => Roll() < 0.2), new InMemoryMembershipLedger(), new InMemoryTargetLease(), new TestDirectory())
            {
                Notifier = publisher,
                Announcements = new InMemoryAnnouncementLedger(),
            },
            new PipelineOptions { MaxReceiveCount = MaxReceiveCount });

        var (deleted, deadLettered) = await DeliverAsync(processor, schedule);

        // Every copy of an announcement is the first one, byte for byte; only a lost response may have repeated it.
        var unknown = publisher.EventAttempts.Where(a => a.Status == SendStatus.Unknown).GroupBy(a => a.NotificationId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var copies in publisher.Delivered.GroupBy(e => e.NotificationId))
        {
            Assert.Single(copies.Select(e => e.Detail).Distinct());
            Assert.True(copies.Count() <= 1 + unknown.GetValueOrDefault(copies.Key), $"{copies.Key} was put {copies.Count()} times after {unknown.GetValueOrDefault(copies.Key)} lost responses");
        }

        // An input whose every copy was consumed announced each of its accounts, and answered its task.
        var delivered = publisher.Delivered.Select(e => e.NotificationId).ToHashSet(StringComparer.Ordinal);
        for (var index = 0; index < schedule.Inputs.Count; index++)
        {
            var copies = schedule.Deliveries.Select((input, message) => (input, message)).Where(d => d.input == index).Select(d => $"m{d.message}").ToList();
            if (copies.Any(deadLettered.ContainsKey) || !copies.All(deleted.ContainsKey))
            {
                continue;
            }

            foreach (var account in schedule.Inputs[index].Accounts.Distinct())
            {
                Assert.Contains(AccountSyncNotice.IdFor(EventId(index), Accounts[account]), delivered);
            }

            if (schedule.Inputs[index].Task)
            {
                Assert.Contains(publisher.Callbacks, c => c.TaskToken == Token(index));
            }
        }

        // A token is never called back after it took a callback, except to learn that a lost one landed.
        foreach (var attempts in publisher.CallbackAttempts.GroupBy(a => a.TaskToken))
        {
            var statuses = attempts.Select(a => a.Status).ToList();
            var firstAccepted = statuses.FindIndex(s => s is SendStatus.Sent or SendStatus.Unknown);
            if (firstAccepted >= 0)
            {
                Assert.All(statuses.Skip(firstAccepted + 1), s => Assert.Equal(SendStatus.TokenClosed, s));
                Assert.True(statuses[firstAccepted] == SendStatus.Unknown || statuses.Count == firstAccepted + 1, $"{attempts.Key}: {string.Join(", ", statuses)}");
            }
        }

        // A successful callback carries what was announced (or is announced when the bus takes it): the stored detail.
        foreach (var (token, callback) in publisher.Callbacks.Where(c => c.Callback.Succeeded))
        {
            var index = int.Parse(token["token-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            if (schedule.Inputs[index].Accounts.Distinct().Count() == 1)
            {
                var id = AccountSyncNotice.FromDetailJson(callback.Output!).NotificationId;
                Assert.All(publisher.Delivered.Where(e => e.NotificationId == id), e => Assert.Equal(callback.Output, e.Detail));
            }
        }
    }

    /// <summary>SQS and the event source mapping: consumers take batches of what is visible; failures come back until the last delivery.</summary>
    private static async Task<(ConcurrentDictionary<string, bool> Deleted, ConcurrentDictionary<string, bool> DeadLettered)> DeliverAsync(BatchProcessor processor, Schedule schedule)
    {
        var queue = new Queue<(string Id, string Body, int Received)>(schedule.Deliveries.Select((input, message) => ($"m{message}", Body(schedule.Inputs[input], input), 0)));
        var gate = new Lock();
        var inFlight = 0;
        var deleted = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var deadLettered = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        async Task ConsumeAsync()
        {
            while (true)
            {
                List<(string Id, string Body, int Received)> batch = [];
                lock (gate)
                {
                    while (batch.Count < schedule.BatchSize && queue.Count > 0)
                    {
                        batch.Add(queue.Dequeue());
                    }

                    if (batch.Count == 0 && inFlight == 0)
                    {
                        return;
                    }

                    inFlight += batch.Count;
                }

                if (batch.Count == 0)
                {
                    await Task.Delay(1);
                    continue;
                }

                var outcome = await processor.ProcessAsync(
                    [.. batch.Select(m => new InboundMessage(m.Id, m.Body) { ReceiveCount = m.Received + 1 })],
                    new BatchContext("consumer", DateTimeOffset.UtcNow.AddMinutes(1)),
                    CancellationToken.None);
                var failed = outcome.ToSqsBatchResponse().BatchItemFailures.Select(f => f.ItemIdentifier).ToHashSet(StringComparer.Ordinal);
                lock (gate)
                {
                    foreach (var message in batch)
                    {
                        if (!failed.Contains(message.Id))
                        {
                            deleted[message.Id] = true;
                        }
                        else if (message.Received + 1 >= MaxReceiveCount)
                        {
                            deadLettered[message.Id] = true;
                        }
                        else
                        {
                            queue.Enqueue(message with { Received = message.Received + 1 });
                        }
                    }

                    inFlight -= batch.Count;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, schedule.Consumers).Select(_ => Task.Run(ConsumeAsync)));
        return (deleted, deadLettered);
    }

    private static string EventId(int input) => $"event-{input}";

    private static string Token(int input) => $"token-{input}";

    private static string Body(Input input, int index) =>
        FakePublisher.WithTask(
            Org.Custom(input.Join ? "join" : "leave", Org.T0.AddMinutes(input.Minute), EventId(index), [.. input.Accounts.Distinct().Select(a => Accounts[a])]),
            input.Task ? Token(index) : null);

    /// <summary>Appliers whose calls fail now and then, as a throttled or unavailable service would.</summary>
    private sealed class FlakyAppliers(FakeAppliers inner, Func<bool> fails) : ITargetAppliers
    {
        public Task<ApplyResult> ApplyAsync(TargetWork work, ApplyMode mode, DateTimeOffset deadline, WriteFence? fence, CancellationToken cancellationToken) =>
            fails()
                ? Task.FromResult(new ApplyResult(work.Key, ApplyOutcome.Failed, "scripted flake", ApplyCounts.None) { FailureKind = FailureKind.Transient })
                : inner.ApplyAsync(work, mode, deadline, fence, cancellationToken);
    }
}
