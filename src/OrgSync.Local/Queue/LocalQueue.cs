using System.Collections.Immutable;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Local.Queue;

public enum MessageFate
{
    Pending,
    Deleted,
    DeadLettered,
}

/// <summary>A message in the local queue, and what became of it.</summary>
public sealed class QueuedMessage(int sequence, string messageId, string name, string body, DateTimeOffset sentAt)
{
    /// <summary>The position it was sent in (input order).</summary>
    public int Sequence { get; } = sequence;

    public string MessageId { get; } = messageId;

    /// <summary>The input it came from (<c>FILE</c> or <c>FILE#INDEX</c>).</summary>
    public string Name { get; } = name;

    public string Body { get; } = body;

    public DateTimeOffset SentAt { get; } = sentAt;

    public int ReceiveCount { get; internal set; }

    public DateTimeOffset? FirstReceivedAt { get; internal set; }

    public MessageFate Fate { get; internal set; }

    /// <summary>What the pipeline said about its latest delivery.</summary>
    public MessageOutcome? LastOutcome { get; internal set; }
}

/// <summary>One receive of a message: what the batch hands to the function.</summary>
public sealed record Delivery(QueuedMessage Message, int ReceiveCount, string ReceiptHandle);

/// <summary>
/// An SQS standard queue with a redrive policy, in memory, as Lambda's event source mapping sees it.
/// A received message is invisible until its batch answers (the real queue's visibility timeout is set
/// longer than the function's timeout, so it never reappears while being processed). A message named in
/// the partial batch response becomes visible again at the back of the queue — behind every message
/// already waiting, so redeliveries interleave with other work — instead of after a visibility timeout of
/// minutes; once it has been received <c>maxReceiveCount</c> times it moves to the dead-letter queue.
/// </summary>
public sealed class LocalQueue
{
    private readonly Lock _gate = new();
    private readonly LinkedList<QueuedMessage> _visible = new();
    private readonly List<QueuedMessage> _all = [];
    private readonly TimeProvider _time;
    private readonly int _maxReceiveCount;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _receives;

    public LocalQueue(int maxReceiveCount, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReceiveCount, 1);
        _maxReceiveCount = maxReceiveCount;
        _time = time;
    }

    /// <summary>Every message sent, in order.</summary>
    public IReadOnlyList<QueuedMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _all];
            }
        }
    }

    public int Finished
    {
        get
        {
            lock (_gate)
            {
                return _all.Count(m => m.Fate != MessageFate.Pending);
            }
        }
    }

    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Receives so far (one per message per batch).</summary>
    public int Receives
    {
        get
        {
            lock (_gate)
            {
                return _receives;
            }
        }
    }

    public QueuedMessage Send(string name, string body)
    {
        lock (_gate)
        {
            var sequence = _all.Count;
            // Shaped like an SQS message id (a UUID), and repeatable from run to run.
            var message = new QueuedMessage(sequence, $"00000000-0000-4000-8000-{sequence + 1:x12}", name, body, _time.GetUtcNow());
            _all.Add(message);
            _visible.AddLast(message);
            Signal();
            return message;
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> visible messages, waiting while none is visible but some are in flight
    /// (their redelivery may still come); empty once every message was deleted or dead-lettered.
    /// </summary>
    public async Task<ImmutableArray<Delivery>> ReceiveAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_visible.Count > 0)
                {
                    var now = _time.GetUtcNow();
                    var batch = ImmutableArray.CreateBuilder<Delivery>(Math.Min(max, _visible.Count));
                    while (batch.Count < max && _visible.First is { } first)
                    {
                        _visible.RemoveFirst();
                        var message = first.Value;
                        message.ReceiveCount++;
                        message.FirstReceivedAt ??= now;
                        batch.Add(new Delivery(message, message.ReceiveCount, $"local-{message.MessageId}-{message.ReceiveCount}"));
                    }

                    _inFlight += batch.Count;
                    _receives += batch.Count;
                    return batch.MoveToImmutable();
                }

                if (_inFlight == 0)
                {
                    return ImmutableArray<Delivery>.Empty;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What the function answered for one delivery: deleted when it succeeded; otherwise visible again, or
    /// dead-lettered once received <c>maxReceiveCount</c> times.
    /// </summary>
    public MessageFate Complete(Delivery delivery, bool succeeded, MessageOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        lock (_gate)
        {
            var message = delivery.Message;
            _inFlight--;
            message.LastOutcome = outcome ?? message.LastOutcome;
            if (succeeded)
            {
                message.Fate = MessageFate.Deleted;
            }
            else if (message.ReceiveCount >= _maxReceiveCount)
            {
                message.Fate = MessageFate.DeadLettered;
            }
            else
            {
                _visible.AddLast(message);
            }

            Signal();
            return message.Fate;
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
