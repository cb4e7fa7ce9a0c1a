using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// A JSON-protocol timestamp (awsJson1_x, restJson1 bodies): epoch seconds as a JSON number, possibly
/// fractional. Written with millisecond precision. Read leniently like botocore's parser: a number,
/// or a string holding a number or an ISO-8601 instant (some emulators send those).
/// </summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return FromSeconds(reader.GetDouble());
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
            {
                return instant;
            }
        }

        throw new JsonException($"expected a timestamp (epoch seconds), got {reader.TokenType}");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);

    private static DateTimeOffset FromSeconds(double seconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero));
}
