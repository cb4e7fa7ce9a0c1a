namespace OrgSync.Aws.Errors;

/// <summary>Error-code helpers shared by every wire protocol, and the codes OrgSync gives to failures no service named.</summary>
public static class ErrorCodes
{
    /// <summary>No response before the request timeout.</summary>
    public const string Timeout = "RequestTimeout";

    /// <summary>The connection could not be made or broke before a response arrived.</summary>
    public const string ConnectionFailure = "ConnectionFailure";

    /// <summary>A response arrived but could not be read (truncated or not the expected JSON).</summary>
    public const string UnreadableResponse = "UnreadableResponse";

    /// <summary>A paginated listing answered with a page token it had already returned: following it would loop forever.</summary>
    public const string RepeatedPageToken = "RepeatedPageToken";

    /// <summary>
    /// Smithy's client rule for error identifiers (awsJson1_x and restJson1 alike): keep what is
    /// before the first <c>:</c>, then what is after the last <c>#</c>.
    /// <c>aws.protocoltests.restjson#FooError:http://internal.amazon.com/...</c> → <c>FooError</c>.
    /// </summary>
    public static string? Sanitize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var value = raw.Trim();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            value = value[..colon];
        }

        var hash = value.LastIndexOf('#');
        if (hash >= 0)
        {
            value = value[(hash + 1)..];
        }

        return value.Length == 0 ? null : value;
    }
}
