namespace OrgSync.Core.Organizations;

/// <summary>
/// The source of truth about membership (AWS Organizations, read from the management account). A port, so the
/// pipeline can be tested without AWS and served by the emulator, moto or Organizations itself.
/// </summary>
public interface IOrganizationDirectory
{
    /// <summary>One account (<c>DescribeAccount</c>, with its parents); null when Organizations does not know it (<c>AccountNotFoundException</c>).</summary>
    /// <exception cref="OrganizationUnavailableException">Organizations could not be asked (throttled beyond the deadline, denied, down).</exception>
    /// <param name="deadline">No retry of a throttled call starts after this instant.</param>
    Task<OrganizationAccount?> DescribeAccountAsync(string accountId, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>Every account of the organization (<c>ListAccounts</c>, every page), with their parents.</summary>
    /// <param name="withParents">Whether the parents are needed (a scoped target); without, <see cref="OrganizationAccount.Parents"/> may be empty.</param>
    /// <exception cref="OrganizationUnavailableException">Organizations could not be asked.</exception>
    /// <param name="deadline">No retry of a throttled call starts after this instant.</param>
    Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(bool withParents, DateTimeOffset deadline, CancellationToken cancellationToken);
}
