using System.Collections.Concurrent;
using OrgSync.Core.Organizations;

namespace OrgSync.Pipeline.Membership;

/// <summary>
/// <c>DescribeAccount</c> asked at most once per account for the life of this object (one batch, one pass):
/// membership checks and scope resolution share the answer, and concurrent askers wait for the same call.
/// </summary>
public sealed class CachedOrganizationDirectory(IOrganizationDirectory inner) : IOrganizationDirectory
{
    private readonly ConcurrentDictionary<string, Lazy<Task<OrganizationAccount?>>> _accounts = new(StringComparer.Ordinal);

    public Task<OrganizationAccount?> DescribeAccountAsync(string accountId, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        _accounts.GetOrAdd(accountId, id => new Lazy<Task<OrganizationAccount?>>(() => inner.DescribeAccountAsync(id, deadline, cancellationToken))).Value;

    public Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(bool withParents, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        inner.ListAccountsAsync(withParents, deadline, cancellationToken);
}
