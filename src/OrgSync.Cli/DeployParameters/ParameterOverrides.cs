using System.Collections.Immutable;
using System.Text.RegularExpressions;
using OrgSync.Local.Inputs;

namespace OrgSync.Cli.DeployParameters;

/// <summary>
/// The value of <c>sam deploy --parameter-overrides</c> (and of samconfig.toml's
/// <c>parameter_overrides</c>), read and written as the SAM CLI does (its CfnParameterOverridesType):
/// pairs separated by spaces, <c>Key=Value</c> or <c>ParameterKey=Key,ParameterValue=Value</c>, a value
/// bare (no space, quote or backslash) or in double or single quotes, with <c>\"</c>, <c>\'</c> and
/// <c>\ </c> unescaped.
/// </summary>
internal static partial class ParameterOverrides
{
    /// <summary>
    /// The pairs on one line, each value double-quoted (a double quote inside escaped as <c>\"</c>), as
    /// <c>sam deploy --guided</c> writes them. A backslash is passed as it is: SAM keeps it, except
    /// before a quote, a space or the closing quote, which <see cref="DeployParameterSet"/> never derives.
    /// </summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join(' ', parameters.Select(parameter => Pair(parameter.Key, parameter.Value)));

    public static string Pair(string key, string value) => $"{key}=\"{value.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    /// <exception cref="InputException">Text SAM would skip over: a pair that is not <c>Key=Value</c>.</exception>
    public static ImmutableArray<ParameterOverride> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // SAM prefixes a space so that the first pair matches the space-led pattern too.
        var normalized = " " + text.Trim();
        var pattern = normalized.Contains("ParameterKey=", StringComparison.Ordinal) ? LongForm() : ShortForm();
        var matches = pattern.Matches(normalized);
        var unmatched = pattern.Replace(normalized, string.Empty);
        if (unmatched.Trim().Length > 0)
        {
            throw new InputException($"parameter_overrides holds text that is not a Key=Value pair: \"{unmatched.Trim()}\"");
        }

        return [.. matches.Select(match => new ParameterOverride(
            Unquote(match.Groups["key"].Value), Unquote(match.Groups["value"].Value), match.Value.Trim()))];
    }

    /// <summary>
    /// <paramref name="existing"/> with the derived parameters replaced where they were and added at
    /// the end otherwise; every other pair is kept exactly as written, in its place.
    /// </summary>
    public static string Merge(string existing, IReadOnlyList<KeyValuePair<string, string>> derived)
    {
        var values = derived.ToDictionary(parameter => parameter.Key, parameter => parameter.Value, StringComparer.Ordinal);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new List<string>();
        foreach (var pair in Parse(existing))
        {
            if (!values.TryGetValue(pair.Key, out var value))
            {
                pairs.Add(pair.Text);
            }
            else if (written.Add(pair.Key))
            {
                pairs.Add(Pair(pair.Key, value));
            }
        }

        pairs.AddRange(derived.Where(parameter => written.Add(parameter.Key)).Select(parameter => Pair(parameter.Key, parameter.Value)));
        return string.Join(' ', pairs);
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\'')))
        {
            value = value[1..^1];
        }

        return value.Replace("\\ ", " ", StringComparison.Ordinal)
            .Replace("\\\"", "\"", StringComparison.Ordinal)
            .Replace("\\'", "'", StringComparison.Ordinal);
    }

    // The SAM CLI's key and value expressions (samcli/cli/types.py), with named groups.
    private const string Key = """(?<key>[A-Za-z0-9"']+)""";
    private const string Value = """(?<value>"(?:\\.|[^"\\]+)*"|'(?:\\.|[^'\\]+)*'|(?:\\.|[^ "\\]+)+)""";

    [GeneratedRegex(" " + Key + "=" + Value)]
    private static partial Regex ShortForm();

    [GeneratedRegex("ParameterKey=" + Key + ",ParameterValue=" + Value)]
    private static partial Regex LongForm();
}
