namespace OrgSync.Contracts.Tests.Support;

/// <summary>
/// A clock the test moves by hand (the mirror has no Microsoft.Extensions.TimeProvider.Testing).
/// Only <see cref="GetUtcNow"/> is controlled; timers and delays keep real time.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
