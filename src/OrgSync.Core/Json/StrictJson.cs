using System.Text.Json;

namespace OrgSync.Core.Json;

/// <summary>
/// One place that says how untrusted JSON is read: duplicate member names anywhere are an error
/// (a later duplicate could otherwise silently override an account id), depth is bounded so hostile
/// nesting fails fast, and comments or trailing commas are not JSON.
/// </summary>
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

    /// <summary>Parses <paramref name="utf8"/> or returns the reason it is not acceptable JSON.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> utf8, out JsonDocument? document, out string? error)
    {
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            document = null;
            error = Describe(ex);
            return false;
        }
        catch (ArgumentException ex)
        {
            // Invalid UTF-8 surfaces as ArgumentException from the transcoder on some paths.
            document = null;
            error = "not valid UTF-8 JSON: " + ex.Message;
            return false;
        }
    }

    public static bool TryParse(string text, out JsonDocument? document, out string? error) =>
        TryParse(System.Text.Encoding.UTF8.GetBytes(text), out document, out error);

    private static string Describe(JsonException ex)
    {
        var where = ex.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
        var line = ex.LineNumber is { } l ? $" (line {l + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        return $"not valid JSON{where}{line}: {message}";
    }
}
