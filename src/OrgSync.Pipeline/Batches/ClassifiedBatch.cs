using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;

namespace OrgSync.Pipeline.Batches;

/// <summary>
/// A batch after classification and collapse: per account the newest change of the batch (SPEC §1,
/// <see cref="BatchChanges.Collapse"/>), and which messages carry it. A message carries a winning change
/// when one of its changes ranks equal to it (<see cref="ChangeOrder"/>): a duplicate delivery of the same
/// event, or a second event saying the same thing at the same time, carries it too. A message whose change
/// lost to a newer one carries nothing for that account.
/// </summary>
public sealed class ClassifiedBatch
{
    private readonly ImmutableDictionary<string, ImmutableArray<int>> _carriers;

    private ClassifiedBatch(
        ImmutableArray<InboundMessage> messages,
        ImmutableArray<Classification> classifications,
        ImmutableArray<AccountChange> winners,
        ImmutableDictionary<string, ImmutableArray<int>> carriers)
    {
        Messages = messages;
        Classifications = classifications;
        Winners = winners;
        _carriers = carriers;
    }

    public ImmutableArray<InboundMessage> Messages { get; }

    /// <summary>One per message, in order.</summary>
    public ImmutableArray<Classification> Classifications { get; }

    /// <summary>The newest change per account, ordered by account id.</summary>
    public ImmutableArray<AccountChange> Winners { get; }

    public static ClassifiedBatch Of(IEnumerable<InboundMessage> messages, ClassifierOptions options)
    {
        var list = messages.ToImmutableArray();
        var classifications = list.Select(message => EventClassifier.Classify(message.Body, options)).ToImmutableArray();
        var all = classifications.OfType<Classification.Changes>().SelectMany(c => c.Items);
        var winners = BatchChanges.Collapse(all);

        var carriers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var index = 0; index < classifications.Length; index++)
        {
            if (classifications[index] is not Classification.Changes changes)
            {
                continue;
            }

            foreach (var change in changes.Items)
            {
                if (ChangeOrder.Compare(change, winners[change.AccountId]) != 0)
                {
                    continue;
                }

                if (!carriers.TryGetValue(change.AccountId, out var indexes))
                {
                    carriers[change.AccountId] = indexes = [];
                }

                if (indexes.Count == 0 || indexes[^1] != index)
                {
                    indexes.Add(index);
                }
            }
        }

        return new ClassifiedBatch(
            list,
            classifications,
            [.. winners.Values.OrderBy(change => change.AccountId, StringComparer.Ordinal)],
            carriers.ToImmutableDictionary(pair => pair.Key, pair => pair.Value.ToImmutableArray(), StringComparer.Ordinal));
    }

    /// <summary>The indexes of the messages that carry the winning change of <paramref name="accountId"/>.</summary>
    public ImmutableArray<int> CarriersOf(string accountId) =>
        _carriers.TryGetValue(accountId, out var indexes) ? indexes : ImmutableArray<int>.Empty;

    /// <summary>The ids of the messages that carry the winning change of any of <paramref name="accountIds"/>, in batch order.</summary>
    public ImmutableArray<string> ContributorsOf(IEnumerable<string> accountIds) =>
    [
        .. accountIds.SelectMany(accountId => CarriersOf(accountId)).Distinct().Order().Select(index => Messages[index].MessageId),
    ];

    /// <summary>
    /// What message <paramref name="index"/> comes to: invalid or ignored as classified; a message with changes
    /// succeeds, or fails with <paramref name="failures"/> (one per failed target it contributed a change to).
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
