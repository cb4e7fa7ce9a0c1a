using System.Text;
using System.Text.RegularExpressions;

namespace OrgSync.Emulator.Models;

/// <summary>
/// A model pattern compiled for a full-string match with AWS (Java/ECMAScript) semantics.
/// botocore's Config patterns are unanchored but AWS treats every pattern as a full match, so the
/// pattern is wrapped in <c>\A(?:…)\z</c> (not <c>$</c>, which in .NET also matches before a final
/// newline). <c>\w</c>, <c>\d</c> and <c>\s</c> are ASCII in Java and ECMAScript but Unicode in .NET,
/// so they are rewritten to explicit ASCII classes; <c>RegexOptions.ECMAScript</c> is not used because
/// it rejects the <c>\p{L}</c> classes that STS patterns contain.
/// </summary>
internal sealed class ModelPattern
{
    private const string Word = "A-Za-z0-9_";
    private const string Digit = "0-9";
    private const string Space = @" \t\n\x0B\f\r";

    private readonly Regex _regex;

    private ModelPattern(string source, Regex regex)
    {
        Source = source;
        _regex = regex;
    }

    public string Source { get; }

    public string DotNetPattern => _regex.ToString();

    public bool IsFullMatch(string value) => _regex.IsMatch(value);

    public static ModelPattern Compile(string pattern) =>
        new(pattern, new Regex(
            @"\A(?:" + Translate(pattern) + @")\z",
            RegexOptions.CultureInvariant | RegexOptions.Compiled,
            TimeSpan.FromSeconds(1)));

    internal static string Translate(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                i++;
                var replacement = (next, inClass) switch
                {
                    ('w', false) => "[" + Word + "]",
                    ('d', false) => "[" + Digit + "]",
                    ('s', false) => "[" + Space + "]",
                    ('W', false) => "[^" + Word + "]",
                    ('D', false) => "[^" + Digit + "]",
                    ('S', false) => "[^" + Space + "]",
                    ('w', true) => Word,
                    ('d', true) => Digit,
                    ('s', true) => Space,
                    _ => null,
                };
                if (replacement is not null)
                {
                    sb.Append(replacement);
                }
                else
                {
                    sb.Append('\\').Append(next);
                }

                continue;
            }

            if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
