using OrgSync.Pipeline.Reconcile;

namespace OrgSync.Pipeline.Handlers;

/// <summary>A reconcile pass left a target (or the whole organization) unreconciled; the message says which and why.</summary>
public sealed class ReconcileFailedException : Exception
{
    public ReconcileFailedException(ReconcileOutcome outcome)
        : base(Describe(outcome))
    {
        Outcome = outcome;
    }

    public ReconcileFailedException()
    {
    }

    public ReconcileFailedException(string message)
        : base(message)
    {
    }

    public ReconcileFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ReconcileOutcome? Outcome { get; }

    private static string Describe(ReconcileOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var problems = new List<string>();
        if (outcome.Failure is { } failure)
        {
            problems.Add(failure);
        }

        problems.AddRange(outcome.Targets.Where(t => t.Failure is not null).Select(t => $"{t.Key}: {t.Failure}"));
        if (outcome.ChannelChecksFailure is { } channels)
        {
            problems.Add(channels);
        }

        return "The reconcile pass did not reconcile everything: " + string.Join("; ", problems);
    }
}
