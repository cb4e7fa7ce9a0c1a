namespace OrgSync.Tests.Shared;

/// <summary>
/// A clock that moves only when a test says so (the mirror has no Microsoft.Extensions.TimeProvider.Testing).
/// Its timers follow <see cref="ManualTimerMode"/>; every finite due time a timer was created with is kept
/// in <see cref="Delays"/>, so a test can see the waits a retry loop chose.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start, ManualTimerMode timers = ManualTimerMode.FireWhenAdvanced) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _scheduled = [];
    private readonly List<TimeSpan> _delays = [];
    private DateTimeOffset _now = start;

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_gate)
            {
                return [.. _delays];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock forward and fires the timers (<see cref="ManualTimerMode.FireWhenAdvanced"/>) now due.</summary>
    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _scheduled.Where(timer => timer.DueAt <= _now).ToList();
            foreach (var timer in due)
            {
                _scheduled.Remove(timer);
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_gate)
            {
                _delays.Add(dueTime);
            }
        }

        if (timers == ManualTimerMode.SkipAhead)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                lock (_gate)
                {
                    _now += dueTime;
                }

                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }

            return new ManualTimer(this, callback, state, scheduled: false);
        }

        var timer = new ManualTimer(this, callback, state, scheduled: true);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            _scheduled.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = _now + dueTime;
                _scheduled.Add(timer);
            }
        }

        if (dueTime == TimeSpan.Zero)
        {
            Advance(TimeSpan.Zero);
        }
    }

    /// <summary>A timer of this clock; one that skipped ahead already fired and ignores changes.</summary>
    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state, bool scheduled) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (scheduled)
            {
                owner.Schedule(this, dueTime);
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            if (scheduled)
            {
                owner.Schedule(this, Timeout.InfiniteTimeSpan);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
