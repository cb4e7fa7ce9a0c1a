using System.Collections.Immutable;
using OrgSync.Pipeline.Lambda;
using OrgSync.Pipeline.Notifications;
using OrgSync.Pipeline.Units;

namespace OrgSync.Pipeline.Batches;

/// <summary>Everything a batch did, per message and per target.</summary>
public sealed record BatchOutcome(ImmutableArray<MessageOutcome> Messages, ImmutableArray<TargetOutcome> Targets)
{
    /// <summary>The completion events and task callbacks the batch sent (SPEC §7); none without notifications.</summary>
    public CompletionReport Completions { get; init; } = CompletionReport.None;

    /// <summary>The partial batch response: exactly the invalid and failed messages.</summary>
    public SqsBatchResponse ToSqsBatchResponse() =>
        new(Messages.Where(message => message.IsFailure).Select(message => new BatchItemFailure(message.MessageId)));
}
