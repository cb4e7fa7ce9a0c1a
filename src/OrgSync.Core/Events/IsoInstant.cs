using System.Diagnostics.CodeAnalysis;

namespace OrgSync.Core.Events;

/// <summary>
/// An exact parser for ISO-8601 instants in the extended calendar form (the RFC 3339 profile that
/// EventBridge writes): <c>YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)</c>. A date, a time with seconds
/// and a zone are all required. <see cref="DateTimeOffset.Parse(string)"/> is not used because it
/// accepts far more (local times, date only, culture formats, surrounding spaces), and an envelope
/// time decides which change wins.
/// </summary>
/// <remarks>
/// Rejected on purpose: lowercase <c>t</c>/<c>z</c>, basic form (<c>20261101T…</c>), week and ordinal
/// dates, <c>24:00:00</c>, leap seconds (<c>:60</c>, not representable in <see cref="DateTimeOffset"/>;
/// AWS smears them), year 0000, offsets beyond ±23:59, and any instant outside 0001–9999 UTC.
/// Fractions may have any number of digits; beyond 100 ns (7 digits) they are truncated.
/// </remarks>
public static class IsoInstant
{
    public static bool TryParse(string? text, out DateTimeOffset instant, [NotNullWhen(false)] out string? problem)
    {
        instant = default;
        if (text is null)
        {
            problem = "no text";
            return false;
        }

        var s = text.AsSpan();
        problem = null;
        // YYYY-MM-DDThh:mm:ss = 19 characters, then the fraction and the zone.
        if (s.Length < 19
            || !TryDigits(s, 0, 4, out var year) || s[4] != '-'
            || !TryDigits(s, 5, 2, out var month) || s[7] != '-'
            || !TryDigits(s, 8, 2, out var day) || s[10] != 'T'
            || !TryDigits(s, 11, 2, out var hour) || s[13] != ':'
            || !TryDigits(s, 14, 2, out var minute) || s[16] != ':'
            || !TryDigits(s, 17, 2, out var second))
        {
            problem = "expected YYYY-MM-DDThh:mm:ss followed by Z or an offset ±hh:mm";
            return false;
        }

        var position = 19;
        long fractionTicks = 0;
        if (position < s.Length && s[position] == '.')
        {
            position++;
            var start = position;
            var scale = TimeSpan.TicksPerSecond / 10;
            while (position < s.Length && char.IsAsciiDigit(s[position]))
            {
                fractionTicks += (s[position] - '0') * scale;
                scale /= 10;
                position++;
            }

            if (position == start)
            {
                problem = "a decimal point must be followed by digits";
                return false;
            }
        }

        if (!TryZone(s[position..], out var offsetMinutes, out problem))
        {
            return false;
        }

        if (year == 0)
        {
            problem = "year 0000 is out of range";
            return false;
        }

        if (month is < 1 or > 12)
        {
            problem = $"month {month:00} is out of range";
            return false;
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            problem = $"day {day:00} is out of range for {year:0000}-{month:00}";
            return false;
        }

        if (hour > 23 || minute > 59)
        {
            problem = $"time {hour:00}:{minute:00} is out of range";
            return false;
        }

        if (second == 60)
        {
            problem = "leap seconds (:60) are not supported";
            return false;
        }

        if (second > 59)
        {
            problem = $"second {second:00} is out of range";
            return false;
        }

        var localTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var utcTicks = localTicks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            problem = "the instant is outside years 0001–9999 UTC";
            return false;
        }

        instant = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    private static bool TryZone(ReadOnlySpan<char> zone, out int offsetMinutes, [NotNullWhen(false)] out string? problem)
    {
        offsetMinutes = 0;
        problem = null;
        if (zone is "Z")
        {
            return true;
        }

        if (zone.IsEmpty)
        {
            problem = "no zone: a local time is not an instant (add Z or an offset ±hh:mm)";
            return false;
        }

        if (zone.Length != 6 || zone[0] is not ('+' or '-') || zone[3] != ':'
            || !TryDigits(zone, 1, 2, out var hours) || !TryDigits(zone, 4, 2, out var minutes))
        {
            problem = "expected Z or an offset ±hh:mm after the time";
            return false;
        }

        if (hours > 23 || minutes > 59)
        {
            problem = $"offset {zone} is out of range";
            return false;
        }

        offsetMinutes = (zone[0] == '-' ? -1 : 1) * ((hours * 60) + minutes);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }
}
