using System.Text.RegularExpressions;

namespace OrgSync.Functions.Logging;

/// <summary>
/// Removes credentials from text before it is logged or sent to the Runtime API: the values of the
/// secret-bearing environment variables (literally), and anything shaped like an AWS secret key, a
/// session token, an access key id or a <c>secret=…</c>/<c>"SessionToken": "…"</c> pair. SDK and HTTP
/// exception messages can echo request headers or bodies, so every message goes through here.
/// </summary>
public sealed partial class SecretScrubber
{
    public const string Mask = "***";

    private readonly string[] _knownSecrets;

    public SecretScrubber(IEnumerable<string> knownSecrets)
    {
        // Longest first, so a secret that contains another is masked whole.
        _knownSecrets = knownSecrets
            .Where(value => value.Length >= 8)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(value => value.Length)
            .ToArray();
    }

    public static SecretScrubber None { get; } = new([]);

    /// <summary>The secrets in the environment: AWS credentials and anything named like a secret.</summary>
    public static SecretScrubber FromEnvironment(Func<string, string?> getVariable, IEnumerable<string> variableNames)
    {
        var secrets = new List<string>();
        foreach (var name in variableNames)
        {
            if (IsSecretName(name) && getVariable(name) is { Length: > 0 } value)
            {
                secrets.Add(value);
            }
        }

        return new SecretScrubber(secrets);
    }

    /// <summary>Environment variables whose value is never logged.</summary>
    public static bool IsSecretName(string name) =>
        name.Equals("AWS_ACCESS_KEY_ID", StringComparison.OrdinalIgnoreCase)
        || (!name.Equals("_X_AMZN_TRACE_ID", StringComparison.OrdinalIgnoreCase)
            && (name.Contains("SECRET", StringComparison.OrdinalIgnoreCase)
                || name.Contains("TOKEN", StringComparison.OrdinalIgnoreCase)
                || name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase)
                || name.Contains("AUTHORIZATION", StringComparison.OrdinalIgnoreCase)
                || name.Contains("CREDENTIAL", StringComparison.OrdinalIgnoreCase)));

    public string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _knownSecrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        text = KeyValueSecret().Replace(text, "${key}${sep}" + Mask);
        text = SessionTokenShape().Replace(text, Mask);
        text = SecretKeyShape().Replace(text, Mask);
        text = AccessKeyIdShape().Replace(text, "${prefix}" + Mask);
        return text;
    }

    // `aws_secret_access_key=…`, `"SessionToken": "…"`, `X-Amz-Security-Token: …`, `password=…`.
    [GeneratedRegex(
        """(?<key>(?:aws_?)?secret_?access_?key|secret_?key|(?:aws_?)?session_?token|security_?token|x-amz-security-token|password|passwd|authorization|api_?key|client_?secret)(?<sep>"?\s*[:=]\s*["']?)(?<value>[^\s"',;&}<>]+)""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KeyValueSecret();

    // STS session tokens: long base64, typically starting with a known prefix.
    [GeneratedRegex(
        """(?<![A-Za-z0-9+/])(?:(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9+/]{20,}|[A-Za-z0-9+/]{100,})={0,2}""",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SessionTokenShape();

    // A 40-character secret access key: mixed case and digits (a hex digest, all lower case, is left alone).
    [GeneratedRegex(
        """(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[0-9])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])""",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SecretKeyShape();

    [GeneratedRegex(
        """(?<![A-Z0-9])(?<prefix>AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])""",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AccessKeyIdShape();
}
