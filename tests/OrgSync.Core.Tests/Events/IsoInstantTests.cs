using OrgSync.Core.Events;

namespace OrgSync.Core.Tests.Events;

public sealed class IsoInstantTests
{
    [Theory]
    [InlineData("2026-11-01T09:00:00Z", "2026-11-01T09:00:00.0000000Z")]
    [InlineData("2026-11-01T09:00:00.5Z", "2026-11-01T09:00:00.5000000Z")]
    [InlineData("2026-11-01T09:00:00.123456789Z", "2026-11-01T09:00:00.1234567Z")]
    [InlineData("2026-11-01T09:00:00.1234567891234Z", "2026-11-01T09:00:00.1234567Z")]
    [InlineData("2026-11-01T11:00:00+02:00", "2026-11-01T09:00:00.0000000Z")]
    [InlineData("2026-11-01T04:30:00-04:30", "2026-11-01T09:00:00.0000000Z")]
    [InlineData("2026-11-01T09:00:00-00:00", "2026-11-01T09:00:00.0000000Z")]
    [InlineData("2026-11-02T08:59:00+23:59", "2026-11-01T09:00:00.0000000Z")]
    [InlineData("2024-02-29T23:59:59.9999999Z", "2024-02-29T23:59:59.9999999Z")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999Z")]
    public void Instants_parse_to_utc(string text, string expectedUtc)
    {
        Assert.True(IsoInstant.TryParse(text, out var instant, out var problem), problem);
        Assert.Equal(expectedUtc, instant.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Theory]
    [InlineData(null, "no text")]
    [InlineData("", "expected YYYY-MM-DDThh:mm:ss")]
    [InlineData("2026-11-01", "expected YYYY-MM-DDThh:mm:ss")]
    [InlineData("2026-11-01T09:00", "expected YYYY-MM-DDThh:mm:ss")]
    [InlineData("2026-11-01T09:00Z", "expected YYYY-MM-DDThh:mm:ss")]
    [InlineData("2026-11-01T09:00:00", "no zone")]
    [InlineData("2026-11-01T09:00:00.Z", "decimal point must be followed by digits")]
    [InlineData("2026-11-01T09:00:00,5Z", "expected Z or an offset")]
    [InlineData("2026-11-01T09:00:00+0200", "expected Z or an offset")]
    [InlineData("2026-11-01T09:00:00+02", "expected Z or an offset")]
    [InlineData("2026-11-01T09:00:00+24:00", "offset +24:00 is out of range")]
    [InlineData("2026-11-01T09:00:00+02:60", "out of range")]
    [InlineData("2026-11-01T09:00:00ZZ", "expected Z or an offset")]
    [InlineData("2026-11-01T09:00:00Z ", "expected Z or an offset")]
    [InlineData(" 2026-11-01T09:00:00Z", "expected YYYY-MM-DDThh:mm:ss")]
    [InlineData("2026-00-01T09:00:00Z", "month 00")]
    [InlineData("2026-04-31T09:00:00Z", "day 31 is out of range for 2026-04")]
    [InlineData("2026-11-00T09:00:00Z", "day 00")]
    [InlineData("1900-02-29T09:00:00Z", "day 29")]
    [InlineData("0000-01-01T00:00:00Z", "year 0000")]
    [InlineData("2026-11-01T24:00:00Z", "out of range")]
    [InlineData("2026-11-01T09:60:00Z", "out of range")]
    [InlineData("2016-12-31T23:59:60Z", "leap seconds")]
    [InlineData("2026-11-01T09:00:61Z", "second 61")]
    [InlineData("20261101T090000Z", "expected YYYY-MM-DDThh:mm:ss")]
    [InlineData("2026-305T09:00:00Z", "expected YYYY-MM-DDThh:mm:ss")]
    [InlineData("+2026-11-01T09:00:00Z", "expected YYYY-MM-DDThh:mm:ss")]
    [InlineData("9999-12-31T23:00:00-01:00", "outside years 0001–9999 UTC")]
    [InlineData("２０２６-11-01T09:00:00Z", "expected YYYY-MM-DDThh:mm:ss")]
    [InlineData("2026-11-01T09:00:00.١Z", "decimal point must be followed by digits")]
    public void Everything_else_is_rejected_with_a_reason(string? text, string problem)
    {
        Assert.False(IsoInstant.TryParse(text, out _, out var actual));
        Assert.Contains(problem, actual, StringComparison.Ordinal);
    }
}
