namespace OrgSync.Emulator.Faults;

internal enum FaultDecision
{
    None,
    Throttle,
    ServerError,
    ServiceUnavailable,
    LostResponse,
}

/// <summary>
/// One seeded draw per authenticated call decides its fate, so a run with the same seed and the same
/// call order injects the same faults. A lost response only applies to writes; a read that draws it
/// goes through untouched.
/// </summary>
internal sealed class FaultInjector(int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();

    public FaultSettings Settings { get; set; } = FaultSettings.None;

    public FaultDecision Decide(bool isWrite)
    {
        var settings = Settings;
        if (settings.IsNone)
        {
            return FaultDecision.None;
        }

        double draw;
        lock (_gate)
        {
            draw = _random.NextDouble();
        }

        if (draw < settings.Throttle)
        {
            return FaultDecision.Throttle;
        }

        draw -= settings.Throttle;
        if (draw < settings.Error)
        {
            // The same draw picks which 5xx, so a call still costs exactly one random number.
            return draw < settings.Error / 2 ? FaultDecision.ServerError : FaultDecision.ServiceUnavailable;
        }

        draw -= settings.Error;
        if (draw < settings.LostResponse && isWrite)
        {
            return FaultDecision.LostResponse;
        }

        return FaultDecision.None;
    }
}
