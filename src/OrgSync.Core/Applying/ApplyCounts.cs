namespace OrgSync.Core.Applying;

/// <summary>What one apply cost, reported per target as metrics.</summary>
/// <remarks>
/// Without failures an apply is one read (<see cref="NoOpReads"/> = 1 when nothing needed writing) or
/// one read and one write; only a failed attempt (throttle, 5xx, lost response, timeout) adds calls.
/// Member-account targets also cost an <c>sts:AssumeRole</c> when no cached credentials are valid.
/// </remarks>
/// <param name="Writes">Write requests sent (a write whose response was lost counts once).</param>
/// <param name="NoOpReads">1 when the target was read and nothing needed writing.</param>
/// <param name="Throttles">Throttling errors received.</param>
/// <param name="Retries">Backoffs taken before another attempt.</param>
public sealed record ApplyCounts(int Writes, int NoOpReads, int Throttles, int Retries)
{
    /// <summary>Read requests started (a failed read counts too).</summary>
    public int Reads { get; init; }

    /// <summary>Prerequisites put in place in member accounts (SPEC §3.5): authorizations put or deleted.</summary>
    public int Prerequisites { get; init; }

    public static ApplyCounts None { get; } = new(0, 0, 0, 0);
}
