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

    /// <summary>Nothing is written; the messages that contributed succeed.</summary>
    /// <param name="IsWarning">
    /// True when the changes could not be applied as asked but retrying would not help either
    /// (e.g. an aggregator would be left with no accounts): the shell logs <paramref name="Reason"/>
    /// as a warning instead of information.
    /// </param>
    public sealed record NoChange(string Reason, bool IsWarning = false) : Plan<TRequest>
    {
        /// <summary>
        /// The resource is someone else's to manage (a Control Tower channel, SPEC §3.5): left alone by design, which a
        /// completion event reports as such rather than as "already in place".
        /// </summary>
        public bool IsLeftAlone { get; init; }
    }

    public sealed record Write(TRequest Request, PlanDiff Diff) : Plan<TRequest>;

    /// <summary>Cannot be written as asked (e.g. 1,536-id limit, missing resource); the reason names the target.</summary>
    public sealed record Failure(string Reason) : Plan<TRequest>;
}

/// <summary>The human-readable difference a write makes, for plan output and logs.</summary>
/// <param name="Added">Every account the write adds to some list (distinct, ordinal order).</param>
/// <param name="Removed">Every account the write removes from some list (distinct, ordinal order).</param>
/// <param name="Notes">Everything else worth telling a human ("created", "organization share covers members", ...).</param>
public sealed record PlanDiff(ImmutableArray<string> Added, ImmutableArray<string> Removed, ImmutableArray<string> Notes)
{
    public static PlanDiff Empty { get; } = new(ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty);

    /// <summary>The same accounts per list written (one entry per list that changed), in request order.</summary>
    public ImmutableArray<ListDiff> Lists { get; init; } = ImmutableArray<ListDiff>.Empty;

    /// <summary>One line per list and note, for <c>plan</c> output and logs.</summary>
    public IEnumerable<string> Describe()
    {
        foreach (var list in Lists)
        {
            yield return list.ToString();
        }

        foreach (var note in Notes)
        {
            yield return note;
        }
    }
}

/// <summary>The accounts one maintained list gains and loses.</summary>
/// <param name="List">Where the list is, e.g. <c>AccountAggregationSources[0].AccountIds</c> or
/// <c>distributions[1] (eu-west-1) launchPermission.userIds</c>.</param>
public sealed record ListDiff(string List, ImmutableArray<string> Added, ImmutableArray<string> Removed)
{
    public override string ToString()
    {
        var parts = Added.Select(a => "+" + a).Concat(Removed.Select(r => "-" + r));
        return $"{List}: {string.Join(' ', parts)}";
    }
}
