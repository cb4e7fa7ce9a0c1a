namespace OrgSync.Tests.Shared;

/// <summary>What the timers of a <see cref="ManualTimeProvider"/> (a <c>Task.Delay</c>, a timeout) do.</summary>
public enum ManualTimerMode
{
    /// <summary>A timer fires when <see cref="ManualTimeProvider.Advance"/> moves the clock to its due time (a zero wait fires at once).</summary>
    FireWhenAdvanced,

    /// <summary>
    /// Virtual time: a timer moves the clock forward by its due time and fires at once, so that retry loops
    /// run instantly while their deadline arithmetic stays exact. Only the first due time of a timer counts.
    /// </summary>
    SkipAhead,
}
