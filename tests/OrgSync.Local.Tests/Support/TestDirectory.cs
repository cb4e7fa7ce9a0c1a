using System.Collections.Concurrent;
using OrgSync.Core.Organizations;

namespace OrgSync.Local.Tests.Support;

/// <summary>
/// An organization in which every account is an ACTIVE member directly under the root, unless a test says
/// otherwise: the pipeline's tests join arbitrary accounts, and only the membership tests care who belongs.
/// </summary>
internal sealed class TestDirectory : IOrganizationDirectory
{
    public const string Root = "r-ab12";

    private readonly ConcurrentDictionary<string, OrganizationAccount?> _accounts = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Described { get; } = new();

    /// <summary>Organizations does not know this account.</summary>
    public TestDirectory Unknown(string accountId)
    {
        _accounts[accountId] = null;
        return this;
    }

    public TestDirectory With(string accountId, AccountState state, params string[] organizationalUnits)
    {
        _accounts[accountId] = new OrganizationAccount(accountId, state, [Root, .. organizationalUnits]);
        return this;
    }

    public Task<OrganizationAccount?> DescribeAccountAsync(string accountId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        Described.Enqueue(accountId);
        return Task.FromResult(_accounts.TryGetValue(accountId, out var account) ? account : new OrganizationAccount(accountId, AccountState.Active, [Root]));
    }

    public Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(bool withParents, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OrganizationAccount>>([.. _accounts.Values.OfType<OrganizationAccount>().OrderBy(a => a.Id, StringComparer.Ordinal)]);
}
