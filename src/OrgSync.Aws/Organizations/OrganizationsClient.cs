using System.Collections.Immutable;
using Amazon.Runtime;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.Organizations;

/// <summary>
/// The AWS Organizations client config: service id <c>Organizations</c>, signing name <c>organizations</c>,
/// API 2016-11-28. A global service: <see cref="OrgSyncClientConfig.ForRegion"/> takes the partition's
/// signing Region (<see cref="ServiceEndpoint.SigningRegion"/>), us-east-1 in the aws partition.
/// </summary>
public sealed class OrganizationsConfig() : OrgSyncClientConfig(ServiceEndpoint.Organizations, "2016-11-28");

/// <summary>
/// AWS Organizations (awsJson1_1, <c>X-Amz-Target: AWSOrganizationsV20161128.*</c>), the read operations
/// OrgSync uses; callable from the management account or a delegated administrator. Every failure is an
/// <see cref="AwsServiceException"/>; <c>TooManyRequestsException</c> is throttling.
/// </summary>
public sealed class OrganizationsClient : OrgSyncServiceClient
{
    /// <summary>The code Organizations answers for an account it does not hold.</summary>
    public const string AccountNotFound = "AccountNotFoundException";

    private const string Service = "organizations";
    private const string TargetPrefix = "AWSOrganizationsV20161128";

    private static readonly OperationUnmarshaller<ListAccountsResponse> ListAccounts =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "ListAccounts"), AwsWireJsonContext.Default.ListAccountsResponse);

    private static readonly OperationUnmarshaller<DescribeAccountResponse> DescribeAccount =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "DescribeAccount"), AwsWireJsonContext.Default.DescribeAccountResponse);

    private static readonly OperationUnmarshaller<ListParentsResponse> ListParents =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "ListParents"), AwsWireJsonContext.Default.ListParentsResponse);

    private static readonly OperationUnmarshaller<DescribeOrganizationResponse> DescribeOrganization =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "DescribeOrganization"), AwsWireJsonContext.Default.DescribeOrganizationResponse);

    /// <param name="credentials">Null: the SDK's default credential chain.</param>
    public OrganizationsClient(AWSCredentials? credentials, OrganizationsConfig config)
        : base(credentials, config)
    {
    }

    /// <summary>One page of <c>ListAccounts</c>: it may be empty and still carry a <c>NextToken</c>.</summary>
    public async Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken) =>
        await SendAsync(ListAccounts, new(ListAccounts.Operation) { Body = Serialize(request, AwsWireJsonContext.Default.ListAccountsRequest) }, cancellationToken).ConfigureAwait(false)
        ?? new ListAccountsResponse();

    /// <summary>Every account of the organization, walking all pages until <c>NextToken</c> is absent.</summary>
    /// <param name="pageSize">The <c>MaxResults</c> of each page (1–20); null: the service's default.</param>
    public Task<ImmutableArray<Account>> ListAllAccountsAsync(int? pageSize, CancellationToken cancellationToken) =>
        ListAllAccountsAsync(pageSize, page: null, cancellationToken);

    /// <inheritdoc cref="ListAllAccountsAsync(int?, CancellationToken)"/>
    /// <param name="pageSize">The <c>MaxResults</c> of each page (1–20); null: the service's default.</param>
    /// <param name="page">
    /// Runs the fetch of each page (e.g. retries it): a page that fails is fetched again on its own, the pages already
    /// read are kept. Null: each page is fetched once.
    /// </param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public Task<ImmutableArray<Account>> ListAllAccountsAsync(
        int? pageSize,
        Func<Func<CancellationToken, Task<ListAccountsResponse>>, CancellationToken, Task<ListAccountsResponse>>? page,
        CancellationToken cancellationToken) =>
        Pagination.AllAsync(
            ListAccounts.Operation,
            (token, ct) => page is null
                ? ListAccountsAsync(new() { NextToken = token, MaxResults = pageSize }, ct)
                : page(c => ListAccountsAsync(new() { NextToken = token, MaxResults = pageSize }, c), ct),
            response => response.Accounts,
            response => response.NextToken,
            cancellationToken);

    /// <inheritdoc cref="ListAllAccountsAsync(int?, CancellationToken)"/>
    public Task<ImmutableArray<Account>> ListAllAccountsAsync(CancellationToken cancellationToken) =>
        ListAllAccountsAsync(pageSize: null, cancellationToken);

    /// <summary><c>DescribeAccount</c>; <c>AccountNotFoundException</c> when the account is not in the organization.</summary>
    public async Task<DescribeAccountResponse> DescribeAccountAsync(DescribeAccountRequest request, CancellationToken cancellationToken) =>
        await SendAsync(DescribeAccount, new(DescribeAccount.Operation) { Body = Serialize(request, AwsWireJsonContext.Default.DescribeAccountRequest) }, cancellationToken).ConfigureAwait(false)
        ?? new DescribeAccountResponse();

    /// <summary>The account, or null when the organization does not know it (<c>AccountNotFoundException</c>).</summary>
    public async Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        try
        {
            return (await DescribeAccountAsync(new() { AccountId = accountId }, cancellationToken).ConfigureAwait(false)).Account;
        }
        catch (AwsServiceException e) when (e.ErrorCode == AccountNotFound)
        {
            return null;
        }
    }

    /// <summary>One page of <c>ListParents</c>: the root or OU directly above an account or OU.</summary>
    public async Task<ListParentsResponse> ListParentsAsync(ListParentsRequest request, CancellationToken cancellationToken) =>
        await SendAsync(ListParents, new(ListParents.Operation) { Body = Serialize(request, AwsWireJsonContext.Default.ListParentsRequest) }, cancellationToken).ConfigureAwait(false)
        ?? new ListParentsResponse();

    /// <summary>Every parent of <paramref name="childId"/> (one, in today's Organizations), walking all pages.</summary>
    public Task<ImmutableArray<Parent>> ListAllParentsAsync(string childId, CancellationToken cancellationToken) =>
        Pagination.AllAsync(
            ListParents.Operation,
            (token, ct) => ListParentsAsync(new() { ChildId = childId, NextToken = token }, ct),
            page => page.Parents,
            page => page.NextToken,
            cancellationToken);

    /// <summary><c>DescribeOrganization</c> (no input members: the body is <c>{}</c>).</summary>
    public async Task<DescribeOrganizationResponse> DescribeOrganizationAsync(CancellationToken cancellationToken) =>
        await SendAsync(DescribeOrganization, new(DescribeOrganization.Operation), cancellationToken).ConfigureAwait(false)
        ?? new DescribeOrganizationResponse();
}
