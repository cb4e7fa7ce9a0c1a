using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace OrgSync.Core.Json;

/// <summary>
/// One place that says how untrusted JSON is read: duplicate member names anywhere are an error
/// (a later duplicate could otherwise silently override an account id), depth is bounded so hostile
/// nesting fails fast, and comments or trailing commas are not JSON.
/// </summary>
/// <remarks>
/// A document accepted here is safe to read: every member name and string value decodes to valid
/// UTF-16, so <see cref="JsonElement.GetString"/>, <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
/// and <see cref="JsonProperty.Name"/> do not throw on it. <see cref="JsonDocument"/> alone does not
/// promise that: an escaped lone surrogate (<c>"\ud800"</c>) or invalid UTF-8 inside a string parses,
/// then throws <see cref="InvalidOperationException"/> when read (and its duplicate-name check throws
/// the same while parsing). So a first pass with <see cref="Utf8JsonReader"/> checks every string and
/// every name, and locates duplicates and syntax errors by path.
/// </remarks>
public static class StrictJson
{
    public const int MaxDepth = 64;

    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = MaxDepth,
    };

    /// <summary>Parses <paramref name="utf8"/> or returns the reason it is not acceptable JSON.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> utf8, [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out string? error)
    {
        if (TryParseLocated(utf8, out document, out var detailed))
        {
            error = null;
            return true;
        }

        error = detailed.ToString();
        return false;
    }

    /// <summary>Parses <paramref name="utf8"/> or returns where (a JSONPath) and why it is not acceptable JSON.</summary>
    public static bool TryParseLocated(ReadOnlyMemory<byte> utf8, [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out StrictJsonError? error)
    {
        document = null;
        error = Validate(utf8.Span);
        if (error is not null)
        {
            return false;
        }

        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
            return true;
        }
        catch (JsonException ex)
        {
            // Unreachable after Validate (same grammar, same limits); kept so a divergence between the
            // two readers still reports a reason instead of escaping as an exception.
            error = new StrictJsonError("$", ex.LineNumber, ex.BytePositionInLine, Trim(ex.Message));
            return false;
        }
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out string? error)
    {
        document = null;
        if (!TryEncodeUtf8(text, out var utf8, out error))
        {
            return false;
        }

        return TryParse(utf8, out document, out error);
    }

    /// <summary>Parses <paramref name="text"/> or returns where (a JSONPath) and why it is not acceptable JSON.</summary>
    public static bool TryParseLocated(string text, [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out StrictJsonError? error)
    {
        document = null;
        if (!TryEncodeUtf8(text, out var utf8, out var encodingError))
        {
            error = new StrictJsonError("$", null, null, encodingError);
            return false;
        }

        return TryParseLocated(utf8, out document, out error);
    }

    /// <summary>
    /// UTF-8 bytes of <paramref name="text"/>, refusing unpaired surrogates instead of silently
    /// replacing them with U+FFFD (which would turn a garbled message into a different, valid one).
    /// </summary>
    public static bool TryEncodeUtf8(string? text, [NotNullWhen(true)] out byte[]? utf8, [NotNullWhen(false)] out string? error)
    {
        utf8 = null;
        if (text is null)
        {
            error = "no text (null)";
            return false;
        }

        var lone = IndexOfUnpairedSurrogate(text);
        if (lone >= 0)
        {
            error = $"not valid Unicode text: unpaired surrogate U+{(int)text[lone]:X4} at character {lone}";
            return false;
        }

        utf8 = Encoding.UTF8.GetBytes(text);
        error = null;
        return true;
    }

    /// <summary>The index of the first unpaired UTF-16 surrogate, or -1.</summary>
    public static int IndexOfUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static StrictJsonError? Validate(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (!IsDecodable(reader.ValueSpan, reader.ValueIsEscaped))
                        {
                            return At(frames, reader, "member name is not valid Unicode (invalid UTF-8 or an escaped unpaired surrogate)");
                        }

                        var name = reader.GetString()!;
                        var frame = frames[^1];
                        frame.Name = name;
                        if (!frame.Names!.Add(name))
                        {
                            return At(frames, reader, $"duplicate member name {Quote(name)}");
                        }

                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        CountElement(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.String:
                        CountElement(frames);
                        if (!IsDecodable(reader.ValueSpan, reader.ValueIsEscaped))
                        {
                            return At(frames, reader, "string is not valid Unicode (invalid UTF-8 or an escaped unpaired surrogate)");
                        }

                        break;
                    default:
                        CountElement(frames);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return new StrictJsonError(PathOf(frames), ex.LineNumber, ex.BytePositionInLine, Trim(ex.Message));
        }

        return null;
    }

    private static void CountElement(List<Frame> frames)
    {
        if (frames.Count > 0 && !frames[^1].IsObject)
        {
            frames[^1].Count++;
        }
    }

    private static StrictJsonError At(List<Frame> frames, Utf8JsonReader reader, string problem) =>
        new(PathOf(frames), null, reader.TokenStartIndex, problem);

    /// <summary>Whether a string token's raw bytes decode: valid UTF-8 and every escaped surrogate paired.</summary>
    private static bool IsDecodable(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!Utf8.IsValid(raw))
        {
            return false;
        }

        if (!escaped)
        {
            return true;
        }

        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                continue;
            }

            if (i + 1 >= raw.Length)
            {
                return false;
            }

            if (raw[i + 1] != (byte)'u')
            {
                i++;
                continue;
            }

            if (!TryHex4(raw, i + 2, out var unit))
            {
                return false;
            }

            i += 5;
            if (char.IsLowSurrogate((char)unit))
            {
                return false;
            }

            if (char.IsHighSurrogate((char)unit))
            {
                if (i + 2 >= raw.Length || raw[i + 1] != (byte)'\\' || raw[i + 2] != (byte)'u' || !TryHex4(raw, i + 3, out var low) || !char.IsLowSurrogate((char)low))
                {
                    return false;
                }

                i += 6;
            }
        }

        return true;
    }

    private static bool TryHex4(ReadOnlySpan<byte> raw, int start, out int value)
    {
        value = 0;
        if (start + 4 > raw.Length)
        {
            return false;
        }

        for (var k = start; k < start + 4; k++)
        {
            var b = raw[k];
            int digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    /// <summary>JSONPath of the innermost open container and its current member or element: <c>$.aggregators[1].name</c>.</summary>
    private static string PathOf(List<Frame> frames)
    {
        var path = new StringBuilder("$");
        foreach (var frame in frames)
        {
            if (frame.IsObject)
            {
                if (frame.Name is not null)
                {
                    AppendMember(path, frame.Name);
                }
            }
            else if (frame.Count > 0)
            {
                path.Append('[').Append(frame.Count - 1).Append(']');
            }
        }

        return path.ToString();
    }

    /// <summary>Appends <c>.name</c>, or <c>["name"]</c> when the name is not a plain identifier.</summary>
    public static void AppendMember(StringBuilder path, string name)
    {
        var plain = name.Length > 0;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                plain = false;
                break;
            }
        }

        if (plain)
        {
            path.Append('.').Append(name);
        }
        else
        {
            path.Append('[').Append(Quote(name)).Append(']');
        }
    }

    /// <summary>The JSON type name used in messages: string, number, boolean, null, object, array.</summary>
    public static string TypeName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        _ => "nothing",
    };

    /// <summary>A value for a one-line message: JSON-quoted; see <see cref="Printable"/>.</summary>
    public static string Quote(string value, int max = 80) => "\"" + Printable(value, max) + "\"";

    /// <summary>
    /// A value made safe for a one-line message: quotes, backslashes, control and line-breaking
    /// characters escaped as in JSON, cut after <paramref name="max"/> characters (never inside a surrogate pair).
    /// </summary>
    public static string Printable(string value, int max = 80) => Escape(value, max, escapeQuotes: true);

    private static string Escape(string value, int max, bool escapeQuotes)
    {
        var builder = new StringBuilder(Math.Min(value.Length, max) + 8);
        for (var i = 0; i < value.Length; i++)
        {
            if (i >= max)
            {
                builder.Append('…');
                break;
            }

            var c = value[i];
            switch (c)
            {
                case '"' when escapeQuotes: builder.Append("\\\""); break;
                case '\\' when escapeQuotes: builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' || (char.IsSurrogate(c) && !IsPairAt(value, i)))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c))
                    {
                        if (i + 1 >= max)
                        {
                            builder.Append('…');
                            return builder.ToString();
                        }

                        builder.Append(c).Append(value[++i]);
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static bool IsPairAt(string value, int i) =>
        char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);

    private static string Trim(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        // The reader quotes offending input verbatim; a reason must stay one printable line.
        return Escape(message.Trim(), 300, escapeQuotes: false);
    }

    private sealed class Frame(bool isObject)
    {
        public bool IsObject { get; } = isObject;

        public HashSet<string>? Names { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;

        /// <summary>The member being read (objects).</summary>
        public string? Name { get; set; }

        /// <summary>Elements started so far (arrays).</summary>
        public int Count { get; set; }
    }
}

/// <summary>Where (a JSONPath such as <c>$.aggregators[1]</c>) and why a text is not acceptable JSON.</summary>
public sealed record StrictJsonError(string Path, long? Line, long? Byte, string Problem)
{
    /// <summary>The reason without the path, for callers that report the path on their own.</summary>
    public string Reason => Format(withPath: false);

    public override string ToString() => Format(withPath: true);

    private string Format(bool withPath)
    {
        var where = withPath && Path != "$" ? $" at {Path}" : string.Empty;
        var position = Line is { } line
            ? $" (line {line + 1}, byte {(Byte ?? 0) + 1})"
            : Byte is { } offset ? $" (byte {offset + 1})" : string.Empty;
        return $"not valid JSON{where}{position}: {Problem}";
    }
}
