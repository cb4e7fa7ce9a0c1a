using System.Text;

namespace OrgSync.Emulator.Protocols;

/// <summary>
/// Pages over items sorted by an ordinal key. A token names the key of the next item, so an item added
/// or removed between two pages neither repeats nor hides the others. Tokens are opaque to clients
/// (base64 of <c>kind:key</c>), and one kind's token is not accepted for another.
/// </summary>
internal static class Paging
{
    /// <returns>The page, and the token of the next one (null on the last page).</returns>
    public static (List<T> Items, string? NextToken) Page<T>(
        List<T> sorted, Func<T, string> key, string kind, string? token, int limit, Func<AwsErrorException> invalidToken)
    {
        var start = 0;
        if (token is { Length: > 0 })
        {
            var next = Decode(kind, token) ?? throw invalidToken();
            start = sorted.FindIndex(item => string.CompareOrdinal(key(item), next) >= 0);
            if (start < 0)
            {
                start = sorted.Count;
            }
        }

        var items = sorted.Skip(start).Take(limit).ToList();
        var end = start + items.Count;
        return (items, end < sorted.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes(kind + ":" + key(sorted[end]))) : null);
    }

    private static string? Decode(string kind, string token)
    {
        var buffer = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, buffer, out var written))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        return text.StartsWith(kind + ":", StringComparison.Ordinal) ? text[(kind.Length + 1)..] : null;
    }
}
