using OrgSync.Core.Targets;

namespace OrgSync.Core.Tests.Targets;

/// <summary>EventBridge schedule expressions as the EventBridge user guide documents them (rate and cron).</summary>
public sealed class ScheduleExpressionTests
{
    [Theory]
    [InlineData("rate(6 hours)")]
    [InlineData("rate(1 hour)")]
    [InlineData("rate(1 minute)")]
    [InlineData("rate(5 minutes)")]
    [InlineData("rate(1 day)")]
    [InlineData("rate(7 days)")]
    [InlineData("rate(1440 minutes)")]
    [InlineData("cron(0 10 * * ? *)")]
    [InlineData("cron(15 12 * * ? *)")]
    [InlineData("cron(0 18 ? * MON-FRI *)")]
    [InlineData("cron(0 8 1 * ? *)")]
    [InlineData("cron(0/15 * * * ? *)")]
    [InlineData("cron(0/10 * ? * MON-FRI *)")]
    [InlineData("cron(0/5 8-17 ? * MON-FRI *)")]
    [InlineData("cron(0 9 ? * 2#1 *)")]
    [InlineData("cron(0 9 ? * 6L *)")]
    [InlineData("cron(0 9 ? * L *)")]
    [InlineData("cron(0 9 L * ? *)")]
    [InlineData("cron(0 9 3W * ? *)")]
    [InlineData("cron(0 10,15 ? * MON-FRI *)")]
    [InlineData("cron(00 12 * JAN,FEB,MAR ? 2026-2030)")]
    [InlineData("cron(*/30 * * * ? *)")]
    [InlineData("cron(0 0 1-15/2 * ? 1970)")]
    [InlineData("cron(59 23 31 12 ? 2199)")]
    public void Accepted(string expression)
    {
        Assert.Null(ScheduleExpression.Problem(expression));
    }

    [Theory]
    [InlineData("", "must be rate(value unit)")]
    [InlineData("every 6 hours", "must be rate(value unit)")]
    [InlineData("Rate(6 hours)", "must be rate(value unit)")]
    [InlineData("rate(6 hours) ", "must be rate(value unit)")]
    [InlineData("at(2026-11-01T10:00:00)", "must be rate(value unit)")]
    [InlineData("rate(1 hours)", "a rate of 1 takes the singular unit: rate(1 hour)")]
    [InlineData("rate(6 hour)", "a rate above 1 takes the plural unit: rate(6 hours)")]
    [InlineData("rate(2 day)", "rate(2 days)")]
    [InlineData("rate(1 minutes)", "rate(1 minute)")]
    [InlineData("rate(0 minutes)", "must be a whole number from 1")]
    [InlineData("rate(06 hours)", "without leading zeros")]
    [InlineData("rate(-6 hours)", "must be a whole number from 1")]
    [InlineData("rate(1.5 hours)", "must be a whole number from 1")]
    [InlineData("rate(99999999999 minutes)", "must be a whole number from 1")]
    [InlineData("rate(6 weeks)", "unit must be minute(s), hour(s) or day(s), found \"weeks\"")]
    [InlineData("rate(6 Hours)", "unit must be minute(s), hour(s) or day(s)")]
    [InlineData("rate(6  hours)", "rate(value unit) with one space")]
    [InlineData("rate(6)", "rate(value unit) with one space")]
    [InlineData("rate(٦ hours)", "must be a whole number from 1")]
    [InlineData("cron(0 10 * * ?)", "a cron expression has 6 fields separated by one space (minutes hours day-of-month month day-of-week year), found 5")]
    [InlineData("cron(0 10 * * ? * *)", "found 7")]
    [InlineData("cron(0  10 * * ? *)", "found 7")]
    [InlineData("cron(0 10 * * * *)", "day-of-month and day-of-week cannot both be given: one of them must be ?")]
    [InlineData("cron(0 10 1 * MON *)", "cannot both be given")]
    [InlineData("cron(0 10 ? * ? *)", "cannot both be ?")]
    [InlineData("cron(60 10 * * ? *)", "cron minutes field \"60\": \"60\" is not a value from 0-59")]
    [InlineData("cron(0 24 * * ? *)", "cron hours field \"24\": \"24\" is not a value from 0-23")]
    [InlineData("cron(0 10 0 * ? *)", "cron day-of-month field \"0\": \"0\" is not a value from 1-31")]
    [InlineData("cron(0 10 * 13 ? *)", "cron month field \"13\": \"13\" is not a value from 1-12 or JAN-DEC")]
    [InlineData("cron(0 10 * jan ? *)", "\"jan\" is not a value from 1-12 or JAN-DEC")]
    [InlineData("cron(0 10 ? * 8 *)", "cron day-of-week field \"8\": \"8\" is not a value from 1-7 or SUN-SAT")]
    [InlineData("cron(0 10 * * ? 1969)", "cron year field \"1969\": \"1969\" is not a value from 1970-2199")]
    [InlineData("cron(0 10 * * ? 2200)", "is not a value from 1970-2199")]
    [InlineData("cron(? 10 * * ? *)", "? is allowed only in day-of-month and day-of-week")]
    [InlineData("cron(0 10 * * ? ?)", "? is allowed only in day-of-month and day-of-week")]
    [InlineData("cron(0/0 10 * * ? *)", "the increment after / must be a whole number from 1, found \"0\"")]
    [InlineData("cron(0/ 10 * * ? *)", "the increment after / must be a whole number from 1, found \"\"")]
    [InlineData("cron(0/x 10 * * ? *)", "the increment after / must be a whole number from 1, found \"x\"")]
    [InlineData("cron(30-10 10 * * ? *)", "the range 30-10 runs backwards")]
    [InlineData("cron(0 10 ? * FRI-MON *)", "the range FRI-MON runs backwards")]
    [InlineData("cron(0,,5 10 * * ? *)", "has an empty item")]
    [InlineData("cron(L 10 * * ? *)", "cron minutes field \"L\": \"L\" uses a wildcard this field does not allow")]
    [InlineData("cron(0 10 * * ? 2026W)", "uses a wildcard this field does not allow")]
    [InlineData("cron(0 10 ? * 1W *)", "\"1W\" uses a wildcard this field does not allow")]
    [InlineData("cron(0 10 1#2 * ? *)", "uses a wildcard this field does not allow")]
    [InlineData("cron(0 10 32W * ? *)", "\"32\" is not a value from 1-31")]
    [InlineData("cron(0 10 ? * 3#6 *)", "the week after # must be 1–5, found \"6\"")]
    [InlineData("cron(0 10 ? * 3#1,6#3 *)", "with #, day-of-week holds a single expression")]
    [InlineData("cron(0 10 ? * MON/2 *)", "/ is not allowed in day-of-week")]
    [InlineData("cron(0 10 ? * 9L *)", "\"9\" is not a value from 1-7 or SUN-SAT")]
    [InlineData("cron(0 10 * * ? *", "must be rate(value unit)")]
    public void Rejected(string expression, string problem)
    {
        var actual = ScheduleExpression.Problem(expression);

        Assert.NotNull(actual);
        Assert.Contains(problem, actual, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_256_characters()
    {
        var longest = "cron(0 10 ? * MON-FRI " + string.Join(",", Enumerable.Repeat("2026", 46)) + ")";
        Assert.True(longest.Length <= 256, longest.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(ScheduleExpression.Problem(longest));

        var tooLong = "cron(0 10 ? * MON-FRI " + string.Join(",", Enumerable.Repeat("2026", 47)) + ")";
        Assert.Equal(257, tooLong.Length);
        Assert.Equal("is longer than 256 characters (EventBridge ScheduleExpression)", ScheduleExpression.Problem(tooLong));
    }
}
