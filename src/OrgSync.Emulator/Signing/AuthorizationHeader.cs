namespace OrgSync.Emulator.Signing;

/// <summary>
/// <c>AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/config/aws4_request, SignedHeaders=host;x-amz-date, Signature=…</c>
/// </summary>
internal sealed record AuthorizationHeader(
    string AccessKeyId,
    string ScopeDate,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public string Scope => $"{ScopeDate}/{Region}/{Service}/aws4_request";

    public static bool TryParse(string header, out AuthorizationHeader? parsed, out string? problem)
    {
        parsed = null;
        header = header.Trim();
        if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            var algorithm = header.Split(' ', 2)[0];
            problem = $"Unsupported AWS 'algorithm': '{algorithm}' (this emulator verifies {Algorithm} only)";
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                problem = $"Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters as key=value pairs; found '{part}'.";
                return false;
            }

            fields[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        foreach (var required in new[] { "Credential", "SignedHeaders", "Signature" })
        {
            if (!fields.ContainsKey(required))
            {
                problem = $"Authorization header requires '{required}' parameter. Authorization={header}";
                return false;
            }
        }

        var credential = fields["Credential"].Split('/');
        if (credential.Length != 5 || credential[4] != "aws4_request" || credential.Any(string.IsNullOrEmpty))
        {
            problem = $"Credential should be scoped to a valid region, service and the terminator 'aws4_request' (ACCESS_KEY/YYYYMMDD/REGION/SERVICE/aws4_request). Credential={fields["Credential"]}";
            return false;
        }

        if (credential[1].Length != 8 || !credential[1].All(char.IsAsciiDigit))
        {
            problem = $"Credential should be scoped to a valid date (YYYYMMDD), got '{credential[1]}'.";
            return false;
        }

        var signedHeaders = fields["SignedHeaders"].Split(';');
        if (signedHeaders.Any(h => h.Length == 0 || !string.Equals(h, h.ToLowerInvariant(), StringComparison.Ordinal)))
        {
            problem = $"SignedHeaders must be a ';'-separated list of lowercase header names, got '{fields["SignedHeaders"]}'.";
            return false;
        }

        var signature = fields["Signature"];
        if (signature.Length != 64 || !signature.All(char.IsAsciiHexDigitLower))
        {
            problem = "Signature must be 64 lowercase hexadecimal characters.";
            return false;
        }

        parsed = new AuthorizationHeader(credential[0], credential[1], credential[2], credential[3], signedHeaders, signature);
        problem = null;
        return true;
    }
}
