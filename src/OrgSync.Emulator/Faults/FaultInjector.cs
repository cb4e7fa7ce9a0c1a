namespace OrgSync.Emulator.Faults;

internal enum FaultDecision
{
    None,
    Throttle,
    ServerError,
    ServiceUnavailable,
    LostResponse,
    InUse,
}

/// <summary>
/// One seeded draw per authenticated call decides its fate, so a run with the same seed and the same
/// call order injects the same faults. A lost response only applies to writes, and a resource in use
/// only to writes that can meet one (Image Builder's); a call that draws a fault it cannot have goes
/// through untouched.
/// </summary>
internal sealed class FaultInjector(int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();

    public FaultSettings Settings { get; set; } = FaultSettings.None;

    public FaultDecision Decide(bool isWrite, bool canBeInUse = false)
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
        if (draw < settings.LostResponse)
        {
            return isWrite ? FaultDecision.LostResponse : FaultDecision.None;
        }

        draw -= settings.LostResponse;
        return draw < settings.InUse && canBeInUse ? FaultDecision.InUse : FaultDecision.None;
    }
}
