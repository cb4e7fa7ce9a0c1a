using System.Globalization;
using System.Text;
using OrgSync.Local.Inputs;

namespace OrgSync.Cli.DeployParameters;

/// <summary>
/// Rewrites the <c>parameter_overrides</c> line of samconfig.toml's <c>[default.deploy.parameters]</c>
/// table and leaves every other byte of the file as it was: comments, order, spacing, line endings.
/// The value must be a one-line TOML string, as <c>sam deploy --guided</c> writes it; a multi-line
/// string or an array is refused rather than guessed at.
/// </summary>
internal static class SamConfigFile
{
    public const string Table = "default.deploy.parameters";
    public const string Key = "parameter_overrides";

    /// <param name="text">The file, or null when it does not exist yet.</param>
    /// <param name="update">The new overrides from the current ones (empty when there are none).</param>
    /// <exception cref="InputException">The current value is not a one-line TOML string, or not SAM's pair syntax.</exception>
    public static string WithParameterOverrides(string? text, Func<string, string> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (text is null)
        {
            return $"version = 0.1\n\n[{Table}]\n{Key} = {BasicString(update(string.Empty))}\n";
        }

        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var header = lines.FindIndex(line => TableName(line) == Table);
        if (header < 0)
        {
            var appended = new StringBuilder(text);
            if (text.Length > 0 && !text.EndsWith('\n'))
            {
                appended.Append(newline);
            }

            appended.Append(newline).Append('[').Append(Table).Append(']').Append(newline);
            appended.Append(Key).Append(" = ").Append(BasicString(update(string.Empty))).Append(newline);
            return appended.ToString();
        }

        var end = lines.FindIndex(header + 1, line => TableName(line) is not null || IsArrayOfTablesHeader(line));
        end = end < 0 ? lines.Count : end;
        var existing = lines.FindIndex(header + 1, end - header - 1, line => KeyOf(line) == Key);
        if (existing >= 0)
        {
            var line = lines[existing];
            var indent = line[..(line.Length - line.TrimStart().Length)];
            var current = ReadValue(line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..], out var comment);
            lines[existing] = $"{indent}{Key} = {BasicString(update(current))}{comment}";
        }
        else
        {
            // After the table's last entry (a multi-line array's closing bracket included), before the
            // blank lines and comments that lead into the next table.
            var last = lines.FindLastIndex(end - 1, end - header - 1, line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'));
            lines.Insert((last < 0 ? header : last) + 1, $"{Key} = {BasicString(update(string.Empty))}");
        }

        return string.Join(newline, lines);
    }

    /// <summary>The table a <c>[a.b.c]</c> header opens, spaces and quotes around its parts removed; null for any other line.</summary>
    private static string? TableName(string line)
    {
        var trimmed = StripComment(line).Trim();
        if (trimmed.Length < 2 || trimmed[0] != '[' || trimmed[1] == '[' || trimmed[^1] != ']')
        {
            return null;
        }

        return string.Join('.', trimmed[1..^1].Split('.').Select(part => part.Trim().Trim('"', '\'')));
    }

    private static bool IsArrayOfTablesHeader(string line) => line.TrimStart().StartsWith("[[", StringComparison.Ordinal);

    /// <summary>The bare key of a <c>key = value</c> line; null for headers, comments, blank lines.</summary>
    private static string? KeyOf(string line)
    {
        var trimmed = line.TrimStart();
        var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
        if (trimmed.Length == 0 || trimmed[0] is '#' or '[' || equals <= 0)
        {
            return null;
        }

        return trimmed[..equals].Trim().Trim('"', '\'');
    }

    /// <summary>A one-line basic ("...") or literal ('...') string; <paramref name="comment"/> is what follows it.</summary>
    private static string ReadValue(string rest, out string comment)
    {
        var start = rest.Length - rest.TrimStart().Length;
        var value = new StringBuilder();
        var quote = start < rest.Length ? rest[start] : '\0';
        if (quote is not ('"' or '\'') || rest.AsSpan(start).StartsWith(new string(quote, 3)))
        {
            throw new InputException($"{Key} in [{Table}] is not a one-line TOML string; write it as one (or remove it), then run again");
        }

        var i = start + 1;
        for (; i < rest.Length && rest[i] != quote; i++)
        {
            if (quote == '"' && rest[i] == '\\' && i + 1 < rest.Length)
            {
                i = Unescape(rest, i, value);
            }
            else
            {
                value.Append(rest[i]);
            }
        }

        if (i >= rest.Length)
        {
            throw new InputException($"{Key} in [{Table}]: the string is not closed on its line");
        }

        comment = rest[(i + 1)..];
        return value.ToString();
    }

    /// <summary>Appends the escape at <paramref name="at"/> (a backslash) and returns the index of its last character.</summary>
    private static int Unescape(string text, int at, StringBuilder value)
    {
        var kind = text[at + 1];
        switch (kind)
        {
            case 'u' or 'U':
                var digits = kind == 'u' ? 4 : 8;
                if (at + 2 + digits > text.Length || !int.TryParse(text.AsSpan(at + 2, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                {
                    throw new InputException($"{Key} in [{Table}]: a \\{kind} escape needs {digits} hexadecimal digits");
                }

                value.Append(char.ConvertFromUtf32(code));
                return at + 1 + digits;
            default:
                value.Append(kind switch
                {
                    'b' => '\b',
                    't' => '\t',
                    'n' => '\n',
                    'f' => '\f',
                    'r' => '\r',
                    '"' => '"',
                    '\\' => '\\',
                    _ => throw new InputException($"{Key} in [{Table}]: \\{kind} is not a TOML escape"),
                });
                return at + 1;
        }
    }

    /// <summary>A TOML basic string: backslashes and double quotes escaped, as <c>sam deploy --guided</c> writes.</summary>
    private static string BasicString(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }
}
