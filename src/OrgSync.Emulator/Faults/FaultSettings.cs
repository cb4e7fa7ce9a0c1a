using System.Globalization;

namespace OrgSync.Emulator.Faults;

/// <summary>
/// Per-call probabilities of an injected fault: a throttling error, a 5xx, (writes only) a lost
/// response — the write is applied, then answered with a 5xx — or (Image Builder writes only) a
/// configuration in use: Image Builder's <c>ResourceInUseException</c>, the write not applied. Parsed
/// from <c>throttle=0.2,error=0.1,lost-response=0.05,in-use=0.2</c>.
/// </summary>
public sealed record FaultSettings(double Throttle, double Error, double LostResponse, double InUse = 0)
{
    public static FaultSettings None { get; } = new(0, 0, 0);

    public bool IsNone => Throttle == 0 && Error == 0 && LostResponse == 0 && InUse == 0;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"throttle={Throttle},error={Error},lost-response={LostResponse},in-use={InUse}");

    /// <summary>Parses a spec; throws <see cref="FormatException"/> with a message that names the bad part.</summary>
    public static FaultSettings Parse(string spec) =>
        TryParse(spec, out var settings, out var error) ? settings! : throw new FormatException(error);

    public static bool TryParse(string? spec, out FaultSettings? settings, out string? error)
    {
        settings = null;
        if (string.IsNullOrWhiteSpace(spec))
        {
            settings = None;
            error = null;
            return true;
        }

        double throttle = 0, fault = 0, lost = 0, inUse = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in spec.Split(','))
        {
            var part = raw.Trim();
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = $"fault spec part '{part}' is not name=probability (expected e.g. throttle=0.2,error=0.1,lost-response=0.05,in-use=0.2)";
                return false;
            }

            var name = part[..eq].Trim();
            var text = part[(eq + 1)..].Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || double.IsNaN(p) || p < 0 || p > 1)
            {
                error = $"fault '{name}' has probability '{text}'; expected a number from 0 to 1";
                return false;
            }

            if (!seen.Add(name))
            {
                error = $"fault '{name}' is given twice";
                return false;
            }

            switch (name)
            {
                case "throttle":
                    throttle = p;
                    break;
                case "error":
                    fault = p;
                    break;
                case "lost-response":
                    lost = p;
                    break;
                case "in-use":
                    inUse = p;
                    break;
                default:
                    error = $"unknown fault '{name}'; known faults are throttle, error, lost-response, in-use";
                    return false;
            }
        }

        // One draw decides a call's fate, so the probabilities share the interval [0, 1).
        var total = throttle + fault + lost + inUse;
        if (total > 1 + 1e-9)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"fault probabilities add up to {total}, more than 1");
            return false;
        }

        settings = new FaultSettings(throttle, fault, lost, inUse);
        error = null;
        return true;
    }
}
