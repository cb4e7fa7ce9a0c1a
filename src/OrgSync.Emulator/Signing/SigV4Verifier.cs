using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OrgSync.Emulator.Protocols;

namespace OrgSync.Emulator.Signing;

/// <summary>What SigV4 signs, read from the request exactly as it arrived.</summary>
internal sealed record SignableRequest(
    string Method,
    string RawPath,
    string RawQuery,
    Func<string, string?> Header,
    ReadOnlyMemory<byte> Body);

/// <summary>
/// Recomputes a Signature Version 4 signature (canonical request → string to sign → HMAC chain) and
/// compares it with the one the client sent. Uses the platform's HMACSHA256/SHA256; nothing hand-rolled.
/// </summary>
internal static class SigV4Verifier
{
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);
    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static CallerIdentity Verify(
        AwsService service,
        AuthorizationHeader auth,
        SignableRequest request,
        CredentialStore credentials,
        DateTimeOffset now)
    {
        var amzDate = request.Header("x-amz-date");
        DateTimeOffset signedAt;
        if (amzDate is not null)
        {
            if (!DateTimeOffset.TryParseExact(amzDate.Trim(), AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out signedAt))
            {
                throw CommonErrors.Fail(CommonErrors.IncompleteSignature(service, $"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601"));
            }
        }
        else if (request.Header("date") is { } httpDate
                 && DateTimeOffset.TryParse(httpDate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out signedAt))
        {
            amzDate = signedAt.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
        }
        else
        {
            throw CommonErrors.Fail(CommonErrors.IncompleteSignature(service, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."));
        }

        amzDate = amzDate.Trim();
        if (!credentials.TryGet(auth.AccessKeyId, out var credential) || credential is null)
        {
            throw CommonErrors.Fail(CommonErrors.UnknownAccessKey(service));
        }

        var token = request.Header("x-amz-security-token");
        if (credential.SessionToken is null ? token is not null : !string.Equals(token, credential.SessionToken, StringComparison.Ordinal))
        {
            // Temporary credentials are only valid with their own session token, and long-term keys with none.
            throw CommonErrors.Fail(CommonErrors.UnknownAccessKey(service));
        }

        if (credential.Expiration is { } expiration && now >= expiration)
        {
            throw CommonErrors.Fail(CommonErrors.ExpiredToken(service));
        }

        if (!string.Equals(auth.ScopeDate, amzDate[..8], StringComparison.Ordinal))
        {
            throw CommonErrors.Fail(CommonErrors.InvalidSignature(service,
                $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{auth.ScopeDate}' != '{amzDate[..8]}', from '{amzDate}'."));
        }

        var nowText = now.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
        if (signedAt < now - AllowedSkew)
        {
            var limit = (now - AllowedSkew).UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
            throw CommonErrors.Fail(CommonErrors.InvalidSignature(service, $"Signature expired: {amzDate} is now earlier than {limit} ({nowText} - 15 min.)"));
        }

        if (signedAt > now + AllowedSkew)
        {
            var limit = (now + AllowedSkew).UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
            throw CommonErrors.Fail(CommonErrors.InvalidSignature(service, $"Signature not yet current: {amzDate} is still later than {limit} ({nowText} + 15 min.)"));
        }

        if (!auth.SignedHeaders.Contains("host"))
        {
            throw CommonErrors.Fail(CommonErrors.InvalidSignature(service, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
        }

        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(request.Body.Span));
        if (request.Header("x-amz-content-sha256") is { } declared && declared != "UNSIGNED-PAYLOAD" && !string.Equals(declared, payloadHash, StringComparison.Ordinal))
        {
            throw CommonErrors.Fail(CommonErrors.InvalidSignature(service, "The provided 'x-amz-content-sha256' header does not match what was computed."));
        }

        var canonicalRequest = CanonicalRequest(request, auth.SignedHeaders, request.Header("x-amz-content-sha256") == "UNSIGNED-PAYLOAD" ? "UNSIGNED-PAYLOAD" : payloadHash);
        var stringToSign = StringToSign(amzDate, auth.Scope, canonicalRequest);
        var expected = Sign(credential.SecretAccessKey, auth.ScopeDate, auth.Region, auth.Service, stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Signature)))
        {
            throw CommonErrors.Fail(CommonErrors.InvalidSignature(service,
                CommonErrors.SignatureMismatchText
                + $"\n\nThe Canonical String for this request should have been\n'{canonicalRequest}'\n\nThe String-to-Sign should have been\n'{stringToSign}'\n"));
        }

        return credential.Identity;
    }

    public static string CanonicalRequest(SignableRequest request, IReadOnlyList<string> signedHeaders, string payloadHash)
    {
        var sb = new StringBuilder();
        sb.Append(request.Method).Append('\n');
        sb.Append(CanonicalUri(request.RawPath)).Append('\n');
        sb.Append(CanonicalQuery(request.RawQuery)).Append('\n');
        foreach (var name in signedHeaders)
        {
            sb.Append(name).Append(':').Append(CanonicalHeaderValue(request.Header(name) ?? string.Empty)).Append('\n');
        }

        sb.Append('\n');
        sb.Append(string.Join(';', signedHeaders)).Append('\n');
        sb.Append(payloadHash);
        return sb.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{AuthorizationHeader.Algorithm}\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static string Sign(string secretAccessKey, string date, string region, string service, string stringToSign)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>Non-S3 services encode each path segment of the (already encoded) wire path once more.</summary>
    internal static string CanonicalUri(string rawPath)
    {
        if (string.IsNullOrEmpty(rawPath))
        {
            return "/";
        }

        return string.Join('/', rawPath.Split('/').Select(UriEncode));
    }

    internal static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return string.Empty;
        }

        var pairs = new List<(string Key, string Value)>();
        foreach (var piece in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = piece.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? piece : piece[..eq];
            var value = eq < 0 ? string.Empty : piece[(eq + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(key)), UriEncode(Uri.UnescapeDataString(value))));
        }

        return string.Join('&', pairs
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>RFC 3986 encoding as SigV4 defines it: unreserved characters kept, everything else %XX (uppercase) of its UTF-8 bytes.</summary>
    internal static string UriEncode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static string CanonicalHeaderValue(string value)
    {
        var sb = new StringBuilder(value.Length);
        var lastWasSpace = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ')
            {
                if (!lastWasSpace)
                {
                    sb.Append(c);
                }

                lastWasSpace = true;
            }
            else
            {
                sb.Append(c);
                lastWasSpace = false;
            }
        }

        return sb.ToString();
    }
}
