using System.Text;

namespace OrgSync.Emulator.Models;

/// <summary>
/// Where a value sits in a request or state document. Rendered two ways: as AWS names it in a
/// ValidationException (<c>accountAggregationSources.1.member.accountIds</c>: members camelCased,
/// list positions 1-based and followed by <c>.member</c>), and as a JSON path for state-file errors
/// (<c>$.configurationAggregators[0].AccountAggregationSources[0].AccountIds</c>).
/// </summary>
internal sealed class ValuePath
{
    private readonly ValuePath? _parent;
    private readonly string? _member;
    private readonly int _index;
    private readonly string? _mapKey;

    private ValuePath(ValuePath? parent, string? member, int index, string? mapKey)
    {
        _parent = parent;
        _member = member;
        _index = index;
        _mapKey = mapKey;
    }

    public static ValuePath Root { get; } = new(null, null, -1, null);

    public bool IsRoot => _parent is null;

    public ValuePath Member(string name) => new(this, name, -1, null);

    public ValuePath Index(int zeroBased) => new(this, null, zeroBased, null);

    public ValuePath MapEntry(string key) => new(this, null, -1, key);

    public string ToAwsPath()
    {
        var parts = new List<string>();
        for (var p = this; p is not null && !p.IsRoot; p = p._parent)
        {
            if (p._member is { } m)
            {
                parts.Add(m.Length == 0 ? m : char.ToLowerInvariant(m[0]) + m[1..]);
            }
            else if (p._mapKey is { } k)
            {
                parts.Add(k);
            }
            else
            {
                parts.Add((p._index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".member");
            }
        }

        parts.Reverse();
        return string.Join('.', parts);
    }

    public string ToJsonPath(string root = "$")
    {
        var segments = new List<ValuePath>();
        for (var p = this; p is not null && !p.IsRoot; p = p._parent)
        {
            segments.Add(p);
        }

        segments.Reverse();
        var sb = new StringBuilder(root);
        foreach (var s in segments)
        {
            if (s._member is { } m)
            {
                sb.Append('.').Append(m);
            }
            else if (s._mapKey is { } k)
            {
                sb.Append("['").Append(k.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
            }
            else
            {
                sb.Append('[').Append(s._index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');
            }
        }

        return sb.ToString();
    }

    public override string ToString() => ToJsonPath();
}
