using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Pipeline.Units;

namespace OrgSync.Pipeline.Batches;

/// <summary>One change of a batch and the index of the message that carried it.</summary>
public readonly record struct CarriedChange(AccountChange Change, int Message);

/// <summary>
/// A batch after classification: every message's classification, and every change with the message that carried
/// it. Each target resolves the changes its own way (a move means something only to a scoped target; a channel
/// check only to a channel), so the batch is collapsed per target (<see cref="Resolve"/>), never once for all.
/// </summary>
public sealed class ClassifiedBatch
{
    private ClassifiedBatch(ImmutableArray<InboundMessage> messages, ImmutableArray<Classification> classifications, ImmutableArray<CarriedChange> changes)
    {
        Messages = messages;
        Classifications = classifications;
        Changes = changes;
    }

    public ImmutableArray<InboundMessage> Messages { get; }

    /// <summary>One per message, in order.</summary>
    public ImmutableArray<Classification> Classifications { get; }

    /// <summary>Every change of every recognised message, in message order.</summary>
    public ImmutableArray<CarriedChange> Changes { get; }

    public static ClassifiedBatch Of(IEnumerable<InboundMessage> messages, ClassifierOptions options)
    {
        var list = messages.ToImmutableArray();
        var classifications = list.Select(message => EventClassifier.Classify(message.Body, options)).ToImmutableArray();
        var changes = classifications
            .SelectMany((classification, index) => classification is Classification.Changes carried
                ? carried.Items.Select(change => new CarriedChange(change, index))
                : [])
            .ToImmutableArray();
        return new ClassifiedBatch(list, classifications, changes);
    }

    /// <summary>
    /// The newest change per account after <paramref name="resolve"/> turned each change into what it means for
    /// one target (null: nothing), with the messages that carry each winner; winners ordered by account id.
    /// </summary>
    public ChangeSet Resolve(Func<AccountChange, AccountChange?> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var resolved = new List<CarriedChange>(Changes.Length);
        foreach (var carried in Changes)
        {
            if (resolve(carried.Change) is { } change)
            {
                resolved.Add(carried with { Change = change });
            }
        }

        var winners = BatchChanges.Collapse(resolved.Select(c => c.Change));
        var carriers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (change, message) in resolved)
        {
            if (ChangeOrder.Compare(change, winners[change.AccountId]) != 0)
            {
                continue;
            }

            if (!carriers.TryGetValue(change.AccountId, out var indexes))
            {
                carriers[change.AccountId] = indexes = [];
            }

            if (indexes.Count == 0 || indexes[^1] != message)
            {
                indexes.Add(message);
            }
        }

        return new ChangeSet(
            [.. winners.Values.OrderBy(change => change.AccountId, StringComparer.Ordinal)],
            carriers.ToImmutableDictionary(pair => pair.Key, pair => pair.Value.ToImmutableArray(), StringComparer.Ordinal));
    }

    /// <summary>The ids of the messages with these indexes, in batch order.</summary>
    public ImmutableArray<string> MessageIds(IEnumerable<int> indexes) => [.. indexes.Distinct().Order().Select(index => Messages[index].MessageId)];

    /// <summary>
    /// What message <paramref name="index"/> comes to: invalid or ignored as classified; a message with changes
    /// succeeds, or fails with <paramref name="failures"/> (one per failed target or refused account).
    /// </summary>
    public MessageOutcome OutcomeOf(int index, IReadOnlyCollection<string>? failures = null)
    {
        var messageId = Messages[index].MessageId;
        return Classifications[index] switch
        {
            Classification.Invalid invalid => new MessageOutcome(messageId, null, MessageStatus.Invalid, ["invalid message: " + invalid.Reason]),
            Classification.Ignored ignored => new MessageOutcome(messageId, ignored.EventId, MessageStatus.Ignored, [ignored.Reason]),
            Classification.Changes changes when failures is { Count: > 0 } =>
                new MessageOutcome(messageId, changes.EventId, MessageStatus.Failed, [.. failures]) { Changes = changes.Items },
            Classification.Changes changes =>
                new MessageOutcome(messageId, changes.EventId, MessageStatus.Succeeded, ImmutableArray<string>.Empty) { Changes = changes.Items },
            _ => throw new InvalidOperationException("unknown classification"),
        };
    }
}
