using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using OrgSync.Aws.Errors;

namespace OrgSync.Aws.Organizations;

/// <summary>
/// The OU paths of accounts, as AWS writes them in <see cref="Account.Paths"/>:
/// <c>o-{org}/r-{root}/ou-{…}/…/{account id}/</c>. An account that carries its <c>Paths</c> is answered
/// from them; for one that does not (moto returns none) the path is built by walking <c>ListParents</c>
/// up to the root. The paths of roots and OUs are cached, so accounts that share an OU cost one
/// <c>ListParents</c> each: use one instance per reconcile pass or batch, as the tree may change between them.
/// Thread-safe; two concurrent walks may both look up the same OU.
/// </summary>
public sealed class AccountPathResolver(OrganizationsClient organizations)
{
    /// <summary>Organizations nests OUs five deep; a longer chain of parents can only be a cycle.</summary>
    private const int MaxDepth = 16;

    private readonly ConcurrentDictionary<string, string> _containerPaths = new(StringComparer.Ordinal);
    private string? _organizationId;

    /// <summary>The account's paths: its own <see cref="Account.Paths"/> when it has any, else the one computed from its parents.</summary>
    public async Task<ImmutableArray<string>> PathsOfAsync(Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Paths is { IsDefaultOrEmpty: false } paths)
        {
            return paths;
        }

        var id = account.Id ?? throw new ArgumentException("the account has no Id", nameof(account));
        return [await PathOfAsync(id, account.OrganizationId, cancellationToken).ConfigureAwait(false)];
    }

    /// <summary>The path of an account (or OU) id, computed from its parents.</summary>
    public Task<string> PathOfAsync(string childId, CancellationToken cancellationToken) =>
        PathOfAsync(childId, organizationId: null, cancellationToken);

    private async Task<string> PathOfAsync(string childId, string? organizationId, CancellationToken cancellationToken)
    {
        if (_containerPaths.TryGetValue(childId, out var known))
        {
            return known;
        }

        // Climb until a container whose path is known (or the root), then write the paths back down.
        var below = new Stack<string>();
        var current = await ParentOfAsync(childId, cancellationToken).ConfigureAwait(false);
        string path;
        while (true)
        {
            if (_containerPaths.TryGetValue(current.Id!, out var cached))
            {
                path = cached;
                break;
            }

            if (IsRoot(current))
            {
                var organization = await OrganizationIdAsync(organizationId, cancellationToken).ConfigureAwait(false);
                path = _containerPaths.GetOrAdd(current.Id!, $"{organization}/{current.Id}/");
                break;
            }

            below.Push(current.Id!);
            if (below.Count > MaxDepth)
            {
                throw Unreadable($"more than {MaxDepth} parents above {childId}: the parents form a cycle");
            }

            current = await ParentOfAsync(current.Id!, cancellationToken).ConfigureAwait(false);
        }

        while (below.TryPop(out var unit))
        {
            path = _containerPaths.GetOrAdd(unit, path + unit + "/");
        }

        return path + childId + "/";
    }

    private async Task<Parent> ParentOfAsync(string childId, CancellationToken cancellationToken)
    {
        var parents = await organizations.ListAllParentsAsync(childId, cancellationToken).ConfigureAwait(false);
        return parents.FirstOrDefault(p => !string.IsNullOrEmpty(p.Id))
            ?? throw Unreadable($"ListParents returned no parent for {childId}");
    }

    private static bool IsRoot(Parent parent) =>
        parent.Type is { } type
            ? string.Equals(type, OrganizationNodeType.Root, StringComparison.Ordinal)
            : parent.Id!.StartsWith("r-", StringComparison.Ordinal);

    /// <summary>The organization id: from an account ARN when one was at hand, else <c>DescribeOrganization</c>, once.</summary>
    private async Task<string> OrganizationIdAsync(string? fromArn, CancellationToken cancellationToken)
    {
        if (_organizationId is { } known)
        {
            return known;
        }

        var id = fromArn ?? (await organizations.DescribeOrganizationAsync(cancellationToken).ConfigureAwait(false)).Organization?.Id;
        if (string.IsNullOrEmpty(id))
        {
            throw new AwsServiceException("organizations", "DescribeOrganization", ErrorCodes.UnreadableResponse, "DescribeOrganization returned no organization id", HttpStatusCode.OK, requestId: null);
        }

        return _organizationId = id;
    }

    private static AwsServiceException Unreadable(string message) =>
        new("organizations", "ListParents", ErrorCodes.UnreadableResponse, message, HttpStatusCode.OK, requestId: null);
}
