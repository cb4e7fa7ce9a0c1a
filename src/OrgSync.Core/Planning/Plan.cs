using System.Collections.Immutable;

namespace OrgSync.Core.Planning;

/// <summary>
/// What a planner decided for one target: nothing to write, the exact request to send, or a
/// failure that fails the messages that contributed to the target (and only those).
/// </summary>
public abstract record Plan<TRequest>
    where TRequest : class
{
    private Plan()
    {
    }

    /// <summary>The merged result equals what was read; nothing is written.</summary>
    public sealed record NoChange(string Reason) : Plan<TRequest>;

    public sealed record Write(TRequest Request, PlanDiff Diff) : Plan<TRequest>;

    /// <summary>Cannot be written as asked (e.g. 1,536-id limit, missing resource); the reason names the target.</summary>
    public sealed record Failure(string Reason) : Plan<TRequest>;
}

/// <summary>The human-readable difference a write makes, for plan output and logs.</summary>
public sealed record PlanDiff(ImmutableArray<string> Added, ImmutableArray<string> Removed, ImmutableArray<string> Notes)
{
    public static PlanDiff Empty { get; } = new(ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty);
}
