namespace OrgSync.Aws.Applying;

/// <summary>
/// Capped exponential backoff, shared by the appliers' retries (<see cref="ApplierOptions.Backoff"/>, full jitter)
/// and the pipeline's waits for a lease (equal jitter): each picks its wait below <see cref="Ceiling"/>.
/// </summary>
public static class ExponentialBackoff
{
    /// <summary>The ceiling before attempt <paramref name="attempt"/> (1-based): <paramref name="baseDelay"/> doubled per earlier attempt, at most <paramref name="maxDelay"/>.</summary>
    public static TimeSpan Ceiling(TimeSpan baseDelay, TimeSpan maxDelay, int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Max(attempt - 1, 0))));

    /// <summary>A uniform draw in [0, 1) from <paramref name="random"/>, which callers may share between threads (a seeded one is not thread-safe).</summary>
    public static double Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        lock (random)
        {
            return random.NextDouble();
        }
    }
}
