namespace OrgSync.DynamoDb.Table;

/// <summary>
/// Capped exponential backoff with full jitter for work DynamoDB handed back unprocessed (the SDK
/// already retries throttled and failed requests; unprocessed keys come back inside a success).
/// </summary>
internal sealed class Backoff(TimeProvider time)
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(2);

    private int _attempt;

    /// <summary>Progress was made: the next wait starts short again.</summary>
    public void Reset() => _attempt = 0;

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(Cap.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, _attempt));
        _attempt = Math.Min(_attempt + 1, 16);
        var delay = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
        return Task.Delay(delay, time, cancellationToken);
    }
}
