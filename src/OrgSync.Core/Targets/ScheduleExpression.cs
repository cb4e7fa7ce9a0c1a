using System.Collections.Immutable;
using System.Globalization;

namespace OrgSync.Core.Targets;

/// <summary>
/// EventBridge schedule expressions (rules and Scheduler alike): <c>rate(value unit)</c> and
/// <c>cron(minutes hours day-of-month month day-of-week year)</c>, checked as EventBridge documents them,
/// so that a bad <c>reconcile.schedule</c> fails when the targets file is read rather than when the
/// stack deploys.
/// </summary>
/// <remarks>
/// Deliberately strict where the documentation is vague: one space between cron fields, month and
/// weekday names in capitals, ranges written low to high, no leading zero in a rate.
/// </remarks>
public static class ScheduleExpression
{
    private static readonly ImmutableArray<string> Months =
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    private static readonly ImmutableArray<string> Weekdays = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static readonly ImmutableArray<CronField> Fields =
    [
        new("minutes", 0, 59, []),
        new("hours", 0, 23, []),
        new("day-of-month", 1, 31, []),
        new("month", 1, 12, Months),
        new("day-of-week", 1, 7, Weekdays),
        new("year", 1970, 2199, []),
    ];

    private const int DayOfMonth = 2;
    private const int DayOfWeek = 4;

    /// <summary>Why <paramref name="expression"/> is not a schedule EventBridge accepts, or null when it is.</summary>
    public static string? Problem(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Length > AwsNames.ScheduleExpressionMaxLength)
        {
            return $"is longer than {AwsNames.ScheduleExpressionMaxLength} characters (EventBridge ScheduleExpression)";
        }

        if (Inside(expression, "rate(") is { } rate)
        {
            return RateProblem(rate);
        }

        if (Inside(expression, "cron(") is { } cron)
        {
            return CronProblem(cron);
        }

        return "must be rate(value unit), e.g. rate(6 hours), or cron(minutes hours day-of-month month day-of-week year)";
    }

    private static string? Inside(string expression, string prefix) =>
        expression.StartsWith(prefix, StringComparison.Ordinal) && expression.EndsWith(')')
            ? expression[prefix.Length..^1]
            : null;

    private static string? RateProblem(string body)
    {
        var parts = body.Split(' ');
        if (parts.Length != 2)
        {
            return "a rate is rate(value unit) with one space, e.g. rate(6 hours)";
        }

        var (value, unit) = (parts[0], parts[1]);
        if (value.Length == 0 || !value.All(char.IsAsciiDigit) || value[0] == '0'
            || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return $"the rate's value must be a whole number from 1, without leading zeros, found \"{value}\"";
        }

        var singular = unit is "minute" or "hour" or "day";
        var plural = unit is "minutes" or "hours" or "days";
        if (!singular && !plural)
        {
            return $"the rate's unit must be minute(s), hour(s) or day(s), found \"{unit}\"";
        }

        return (count == 1, singular) switch
        {
            (true, false) => $"a rate of 1 takes the singular unit: rate(1 {unit[..^1]})",
            (false, true) => $"a rate above 1 takes the plural unit: rate({count} {unit}s)",
            _ => null,
        };
    }

    private static string? CronProblem(string body)
    {
        var fields = body.Split(' ');
        if (fields.Length != Fields.Length)
        {
            return $"a cron expression has {Fields.Length} fields separated by one space (minutes hours day-of-month month day-of-week year), found {fields.Length}";
        }

        for (var i = 0; i < fields.Length; i++)
        {
            if (FieldProblem(i, fields[i]) is { } problem)
            {
                return $"cron {Fields[i].Name} field \"{fields[i]}\": {problem}";
            }
        }

        return (fields[DayOfMonth] == "?", fields[DayOfWeek] == "?") switch
        {
            (false, false) => "day-of-month and day-of-week cannot both be given: one of them must be ?",
            (true, true) => "day-of-month and day-of-week cannot both be ?: give one of them",
            _ => null,
        };
    }

    private static string? FieldProblem(int index, string field)
    {
        if (field == "?")
        {
            return index is DayOfMonth or DayOfWeek ? null : "? is allowed only in day-of-month and day-of-week";
        }

        var items = field.Split(',');
        if (index == DayOfWeek && items.Length > 1 && items.Any(i => i.Contains('#', StringComparison.Ordinal)))
        {
            return "with #, day-of-week holds a single expression";
        }

        foreach (var item in items)
        {
            if (ItemProblem(index, item) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>One comma-separated item: <c>*</c>, a value, a range, each with an optional <c>/step</c>, or an L/W/# form.</summary>
    private static string? ItemProblem(int index, string item)
    {
        var field = Fields[index];
        if (item.Length == 0)
        {
            return "has an empty item";
        }

        if (SpecialProblem(index, item) is { } special)
        {
            return special.Length == 0 ? null : special;
        }

        var slash = item.IndexOf('/', StringComparison.Ordinal);
        var range = slash < 0 ? item : item[..slash];
        if (slash >= 0)
        {
            if (index == DayOfWeek)
            {
                return "/ is not allowed in day-of-week";
            }

            var step = item[(slash + 1)..];
            if (!IsNumber(step, out var increment) || increment < 1)
            {
                return $"the increment after / must be a whole number from 1, found \"{step}\"";
            }
        }

        if (range == "*")
        {
            return null;
        }

        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return Value(field, range, out _);
        }

        if (Value(field, range[..dash], out var low) is { } badLow)
        {
            return badLow;
        }

        if (Value(field, range[(dash + 1)..], out var high) is { } badHigh)
        {
            return badHigh;
        }

        return low <= high ? null : $"the range {range} runs backwards";
    }

    /// <summary>
    /// The L, W and # forms: null when <paramref name="item"/> is none of them, "" when it is a valid
    /// one, else the problem.
    /// </summary>
    private static string? SpecialProblem(int index, string item)
    {
        var field = Fields[index];
        switch (index)
        {
            case DayOfMonth when item == "L":
                return string.Empty;
            case DayOfMonth when item.EndsWith('W'):
                return Value(field, item[..^1], out _) ?? string.Empty;
            case DayOfWeek when item == "L":
                return string.Empty;
            case DayOfWeek when item.EndsWith('L'):
                return Value(field, item[..^1], out _) ?? string.Empty;
            case DayOfWeek when item.Contains('#', StringComparison.Ordinal):
                var hash = item.IndexOf('#', StringComparison.Ordinal);
                if (Value(field, item[..hash], out _) is { } day)
                {
                    return day;
                }

                return IsNumber(item[(hash + 1)..], out var nth) && nth is >= 1 and <= 5
                    ? string.Empty
                    : $"the week after # must be 1–5, found \"{item[(hash + 1)..]}\"";
            default:
                return item.Contains('L', StringComparison.Ordinal) || item.Contains('W', StringComparison.Ordinal) || item.Contains('#', StringComparison.Ordinal)
                    ? $"\"{item}\" uses a wildcard this field does not allow"
                    : null;
        }
    }

    private static string? Value(CronField field, string text, out int value)
    {
        var named = field.Names.IndexOf(text);
        if (named >= 0)
        {
            value = named + 1;
            return null;
        }

        if (IsNumber(text, out value) && value >= field.Min && value <= field.Max)
        {
            return null;
        }

        var names = field.Names.IsEmpty ? string.Empty : $" or {field.Names[0]}-{field.Names[^1]}";
        return $"\"{text}\" is not a value from {field.Min}-{field.Max}{names}";
    }

    private static bool IsNumber(string text, out int value)
    {
        value = 0;
        return text.Length is >= 1 and <= 4 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private sealed record CronField(string Name, int Min, int Max, ImmutableArray<string> Names);
}
