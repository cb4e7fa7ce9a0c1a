using System.Text;

namespace OrgSync.Emulator.Protocols;

/// <summary>
/// Pages over items sorted by an ordinal key. A token names the key of the next item, so an item added
/// or removed between two pages neither repeats nor hides the others. Tokens are opaque to clients
/// (base64 of <c>kind:key</c>), and one kind's token is not accepted for another (a kind has no <c>:</c>, so
/// none is the prefix of another's token). A page starts by
/// binary search, so walking a list of n items costs O(n log n), not O(n²).
/// </summary>
internal static class Paging
{
    /// <returns>The page, and the token of the next one (null on the last page).</returns>
    public static (List<T> Items, string? NextToken) Page<T>(
        IReadOnlyList<T> sorted, Func<T, string> key, string kind, string? token, int limit, Func<AwsErrorException> invalidToken)
    {
        var start = 0;
        if (kind.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"a paging kind has no ':' ('{kind}')", nameof(kind));
        }

        if (token is { Length: > 0 })
        {
            var next = Decode(kind, token) ?? throw invalidToken();
            start = LowerBound(sorted, key, next);
        }

        var end = Math.Min(sorted.Count, start + limit);
        var items = new List<T>(Math.Max(0, end - start));
        for (var i = start; i < end; i++)
        {
            items.Add(sorted[i]);
        }

        return (items, end < sorted.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes(kind + ":" + key(sorted[end]))) : null);
    }

    /// <summary>The index of the first item whose key is at or after <paramref name="next"/> (Count when none is).</summary>
    private static int LowerBound<T>(IReadOnlyList<T> sorted, Func<T, string> key, string next)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (string.CompareOrdinal(key(sorted[middle]), next) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static string? Decode(string kind, string token)
    {
        var buffer = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, buffer, out var written))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && text.AsSpan(0, colon).SequenceEqual(kind) ? text[(colon + 1)..] : null;
    }
}
