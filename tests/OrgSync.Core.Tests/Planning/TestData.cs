using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrgSync.Core.Events;
using OrgSync.Core.Json;
using OrgSync.Core.Membership;

namespace OrgSync.Core.Tests.Planning;

/// <summary>Small builders shared by the planner tests.</summary>
internal static class TestData
{
    /// <summary>A valid account id that sorts by <paramref name="n"/>: 100000000000 + n.</summary>
    public static string Account(int n) => (100_000_000_000L + n).ToString(CultureInfo.InvariantCulture);

    /// <summary>An array, so that xunit compares contents (ImmutableArray equality is by reference).</summary>
    public static string[] Ids(params int[] numbers) => [.. numbers.Select(Account)];

    public static ImmutableArray<string> IdList(params int[] numbers) => [.. numbers.Select(Account)];

    public static MembershipDelta Delta(int[]? joins = null, int[]? leaves = null) =>
        Delta((joins ?? []).Select(Account), (leaves ?? []).Select(Account));

    public static MembershipDelta Delta(IEnumerable<string> joins, IEnumerable<string> leaves) =>
        new(ImmutableSortedSet.CreateRange(StringComparer.Ordinal, joins), ImmutableSortedSet.CreateRange(StringComparer.Ordinal, leaves));

    public static AccountChange Change(int account, ChangeKind kind, int minute, string? eventId = null) =>
        new(Account(account), kind, Time(minute), eventId ?? $"evt-{account}-{kind}-{minute}");

    public static DateTimeOffset Time(int minute) => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minute);

    /// <summary>The bytes that go on the wire (relaxed escaping, nulls omitted), as text.</summary>
    public static string ToJson<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(value, typeInfo);

    public static T Read<T>(string json, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(json, typeInfo) ?? throw new InvalidOperationException("null JSON");

    /// <summary>What a read returns after a write: the value as the service would echo it, through JSON.</summary>
    public static T RoundTrip<T>(T value, JsonTypeInfo<T> typeInfo) => Read(ToJson(value, typeInfo), typeInfo);

    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static CoreJsonContext Wire => CoreJsonContext.Wire;
}
