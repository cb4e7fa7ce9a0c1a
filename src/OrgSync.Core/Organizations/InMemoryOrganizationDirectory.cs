using System.Collections.Concurrent;

namespace OrgSync.Core.Organizations;

/// <summary>An organization held in memory: for tests, and for runs that state their organization rather than read it.</summary>
public sealed class InMemoryOrganizationDirectory : IOrganizationDirectory
{
    private readonly ConcurrentDictionary<string, OrganizationAccount> _accounts = new(StringComparer.Ordinal);

    public InMemoryOrganizationDirectory(IEnumerable<OrganizationAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        foreach (var account in accounts)
        {
            _accounts[account.Id] = account;
        }
    }

    /// <summary>Adds or replaces an account (a join, a move, a state change).</summary>
    public void Set(OrganizationAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        _accounts[account.Id] = account;
    }

    public bool Remove(string accountId) => _accounts.TryRemove(accountId, out _);

    public Task<OrganizationAccount?> DescribeAccountAsync(string accountId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_accounts.GetValueOrDefault(accountId));
    }

    public Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(bool withParents, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<OrganizationAccount>>([.. _accounts.Values.OrderBy(a => a.Id, StringComparer.Ordinal)]);
    }
}
