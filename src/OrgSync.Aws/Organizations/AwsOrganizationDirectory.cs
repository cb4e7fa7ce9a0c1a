using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Errors;
using OrgSync.Core.Applying;
using OrgSync.Core.Organizations;

namespace OrgSync.Aws.Organizations;

/// <summary>
/// Organizations behind Core's directory port: <c>DescribeAccount</c> and <c>ListAccounts</c> (every page) from the
/// management account, <c>State</c> (the retired <c>Status</c> only when <c>State</c> is absent), the parents from
/// <c>Paths</c> — or, where an endpoint returns none, from <c>ListParents</c> walked up to the root and cached for
/// the life of this object. Throttling and server errors are retried like the appliers' calls — each page of
/// <c>ListAccounts</c> on its own, keeping the pages already read.
/// </summary>
public sealed class AwsOrganizationDirectory : IOrganizationDirectory
{
    private readonly Lazy<OrganizationsClient> _organizations;
    private readonly CallRetry _retry;
    private readonly Lazy<AccountPathResolver> _paths;

    /// <param name="clients">Called on first use, so that a batch that needs no lookup builds no client.</param>
    public AwsOrganizationDirectory(Func<AwsClientFactory> clients, ApplierOptions options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _organizations = new Lazy<OrganizationsClient>(() => clients().Organizations());
        _retry = new CallRetry(options, options.LoggerFactory.CreateLogger<AwsOrganizationDirectory>());
        _paths = new Lazy<AccountPathResolver>(() => new AccountPathResolver(_organizations.Value));
    }

    public AwsOrganizationDirectory(AwsClientFactory clients, ApplierOptions options)
        : this(() => clients, options)
    {
    }

    public async Task<OrganizationAccount?> DescribeAccountAsync(string accountId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var account = await CallAsync(
            $"organizations/{accountId}", ct => _organizations.Value.FindAccountAsync(accountId, ct), deadline, cancellationToken).ConfigureAwait(false);
        return account is null ? null : await ToCoreAsync(account, withParents: true, deadline, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(bool withParents, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        // Each page is retried on its own: a throttled page 300 of a large organization does not start the listing over.
        ImmutableArray<Account> accounts;
        try
        {
            accounts = await _organizations.Value.ListAllAccountsAsync(
                pageSize: null, (fetch, ct) => _retry.RunAsync("organizations/accounts", fetch, deadline, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException error)
        {
            throw Unavailable(error);
        }

        var listed = new List<OrganizationAccount>(accounts.Length);
        foreach (var account in accounts)
        {
            if (await ToCoreAsync(account, withParents, deadline, cancellationToken).ConfigureAwait(false) is { } known)
            {
                listed.Add(known);
            }
        }

        return listed;
    }

    /// <summary>
    /// The parents in an AWS path, <c>o-…/r-…/ou-…/…/ACCOUNT/</c>: the root and OU ids between the organization and
    /// the account.
    /// </summary>
    public static ImmutableArray<string> ParentsIn(string path, string accountId)
    {
        ArgumentNullException.ThrowIfNull(path);
        return [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(part => part.StartsWith("r-", StringComparison.Ordinal) || part.StartsWith("ou-", StringComparison.Ordinal))];
    }

    private async Task<OrganizationAccount?> ToCoreAsync(Account account, bool withParents, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (account.Id is not { } id || OrganizationAccount.ParseState(account.EffectiveState, null) is not { } state)
        {
            return null; // nothing a target can act on: no id, or a state this version does not know
        }

        var parents = ImmutableArray<string>.Empty;
        if (withParents)
        {
            var paths = await CallAsync($"organizations/{id}/parents", ct => _paths.Value.PathsOfAsync(account, ct), deadline, cancellationToken).ConfigureAwait(false);
            parents = paths.IsDefaultOrEmpty ? [] : ParentsIn(paths[0], id);
        }

        return new OrganizationAccount(id, state, parents, account.JoinedTimestamp);
    }

    private async Task<T> CallAsync<T>(string what, Func<CancellationToken, Task<T>> call, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.RunAsync(what, call, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException error)
        {
            throw Unavailable(error);
        }
    }

    private static OrganizationUnavailableException Unavailable(AwsServiceException error) =>
        new(error.Describe(includeRequestId: false), error) { IsTransient = error.FailureKind != FailureKind.Permanent };
}
