namespace OrgSync.Core.Applying;

/// <summary>
/// The one capped exponential backoff: the ceiling before attempt n is <see cref="BaseDelay"/> doubled per
/// earlier attempt, at most <see cref="MaxDelay"/>. The appliers' retries and DynamoDB's unprocessed items wait
/// with full jitter (uniform in [0, ceiling]); the waits for a lease with equal jitter (never zero, never in
/// lockstep). <see cref="Random"/> may be shared between threads and seeded for repeatable runs.
/// </summary>
public sealed record ExponentialBackoff(TimeSpan BaseDelay, TimeSpan MaxDelay, Random Random)
{
    /// <summary>The ceiling before attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan Ceiling(int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * Math.Pow(2, Math.Clamp(attempt - 1, 0, 62))));

    /// <summary>A wait uniform in [0, ceiling].</summary>
    public TimeSpan FullJitter(int attempt)
    {
        var ceiling = Ceiling(attempt);
        return ceiling <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(Draw() * ceiling.Ticks));
    }

    /// <summary>A wait uniform in [ceiling / 2, ceiling].</summary>
    public TimeSpan EqualJitter(int attempt)
    {
        var ceiling = (double)Ceiling(attempt).Ticks;
        return TimeSpan.FromTicks((long)((ceiling / 2) + (Draw() * ceiling / 2)));
    }

    /// <summary>A uniform draw in [0, 1); a seeded <see cref="System.Random"/> is not thread-safe, so draws are serialised.</summary>
    private double Draw()
    {
        lock (Random)
        {
            return Random.NextDouble();
        }
    }
}
