using System.Collections.Immutable;
using System.Net;
using OrgSync.Aws.Errors;

namespace OrgSync.Aws.Sdk;

/// <summary>The one way OrgSync walks the pages of a paginated operation.</summary>
internal static class Pagination
{
    /// <summary>
    /// Every item of every page: asks for the next page while the response carries a token (an absent
    /// or empty token ends the walk). A page may be empty and still carry a token — Organizations'
    /// <c>List*</c> operations do — so only the token decides. A token the walk has already sent would
    /// loop forever, so it fails the walk with <see cref="ErrorCodes.RepeatedPageToken"/> instead.
    /// </summary>
    /// <param name="fetch">Fetches one page; its argument is the token (null for the first page).</param>
    public static async Task<ImmutableArray<TItem>> AllAsync<TPage, TItem>(
        ServiceOperation operation,
        Func<string?, CancellationToken, Task<TPage>> fetch,
        Func<TPage, ImmutableArray<TItem>?> items,
        Func<TPage, string?> nextToken,
        CancellationToken cancellationToken)
    {
        var all = ImmutableArray.CreateBuilder<TItem>();
        var sent = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await fetch(token, cancellationToken).ConfigureAwait(false);
            all.AddRange(items(page) ?? []);
            token = nextToken(page);
            token = string.IsNullOrEmpty(token) ? null : token;
            if (token is not null && !sent.Add(token))
            {
                throw new AwsServiceException(
                    operation.Service,
                    operation.Name,
                    ErrorCodes.RepeatedPageToken,
                    $"the service returned a NextToken it had already returned in this listing (after {sent.Count} pages); stopping instead of looping",
                    HttpStatusCode.OK,
                    requestId: null);
            }
        }
        while (token is not null);

        return all.ToImmutable();
    }
}
