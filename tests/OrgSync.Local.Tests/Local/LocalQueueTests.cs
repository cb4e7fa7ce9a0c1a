using OrgSync.Local.Queue;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Local.Tests.Local;

/// <summary>The simulated SQS queue: visibility, redelivery order, receive counts, the redrive policy.</summary>
public sealed class LocalQueueTests
{
    private readonly LocalQueue _queue = new(maxReceiveCount: 2, TimeProvider.System);

    [Fact]
    public async Task A_failed_message_comes_back_behind_the_messages_already_waiting_and_is_dead_lettered_on_its_last_delivery()
    {
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            _queue.Send(name, "{}");
        }

        var first = await _queue.ReceiveAsync(2, CancellationToken.None);
        Assert.Equal(["a", "b"], first.Select(d => d.Message.Name));
        Assert.Equal(MessageFate.Pending, _queue.Complete(first[0], succeeded: false, Failed(first[0], "boom")));
        Assert.Equal(MessageFate.Deleted, _queue.Complete(first[1], succeeded: true, null));

        var second = await _queue.ReceiveAsync(10, CancellationToken.None);
        Assert.Equal(["c", "d", "a"], second.Select(d => d.Message.Name));
        Assert.Equal([1, 1, 2], second.Select(d => d.ReceiveCount));
        Assert.NotEqual(first[0].ReceiptHandle, second[2].ReceiptHandle);

        Assert.Equal(MessageFate.DeadLettered, _queue.Complete(second[2], succeeded: false, Failed(second[2], "boom again")));
        _queue.Complete(second[0], succeeded: true, null);
        _queue.Complete(second[1], succeeded: true, null);

        Assert.Empty(await _queue.ReceiveAsync(10, CancellationToken.None));
        Assert.Equal("boom again", _queue.Messages.Single(m => m.Name == "a").LastOutcome!.Reason);
        Assert.Equal(5, _queue.Receives);
    }

    [Fact]
    public async Task A_consumer_waits_while_messages_are_in_flight_and_gets_the_redelivery()
    {
        _queue.Send("a", "{}");
        var first = await _queue.ReceiveAsync(1, CancellationToken.None);

        var waiting = _queue.ReceiveAsync(1, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted); // in flight: invisible, but not gone
        _queue.Complete(first[0], succeeded: false, null);

        var again = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, Assert.Single(again).ReceiveCount);
    }

    private static MessageOutcome Failed(Delivery delivery, string reason) =>
        new(delivery.Message.MessageId, null, MessageStatus.Failed, [reason]);
}
