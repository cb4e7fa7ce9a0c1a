namespace OrgSync.Core.Prerequisites;

/// <summary>One call in a member account that a planned write needs (SPEC §3.5), planned with the write.</summary>
/// <param name="AccountId">The member account the call is made in, through the member role.</param>
/// <param name="Region">The Region of the call: the source Region of an authorization; null for IAM, which is global.</param>
/// <param name="List">The target's list the step is about (<see cref="AggregatorAccountIds"/>, <see cref="TargetAccountIds"/>): an account whose enabling step fails is kept out of that list only.</param>
public sealed record PrerequisiteStep(PrerequisiteOperation Operation, string AccountId, string? Region, string List)
{
    /// <summary>The list of an account-sourced aggregator's accounts.</summary>
    public const string AggregatorAccountIds = "AccountIds";

    /// <summary>The list of accounts an Image Builder distribution copies its AMI into.</summary>
    public const string TargetAccountIds = "targetAccountIds";

    /// <summary>Authorizations: the aggregator's account.</summary>
    public string? AuthorizedAccountId { get; init; }

    /// <summary>Authorizations: the aggregator's Region.</summary>
    public string? AuthorizedAwsRegion { get; init; }

    /// <summary>Role checks: the role that must exist in <see cref="AccountId"/>.</summary>
    public string? RoleName { get; init; }

    /// <summary>Run after the write, once the account is out of the list; every other step runs before the write it enables.</summary>
    public bool IsCleanup => Operation == PrerequisiteOperation.DeleteAggregationAuthorization;

    /// <summary>A check that changes nothing: plan mode runs it, where it only shows the others.</summary>
    public bool IsReadOnly => Operation == PrerequisiteOperation.GetRole;

    /// <summary>The AWS service of the call (its signing name).</summary>
    public string Service => Operation == PrerequisiteOperation.GetRole ? "iam" : "config";

    /// <summary><c>PutAggregationAuthorization</c> in <paramref name="accountId"/>'s <paramref name="sourceRegion"/> for the aggregator's account and Region.</summary>
    public static PrerequisiteStep Authorize(string accountId, string sourceRegion, string aggregatorAccountId, string aggregatorRegion) =>
        new(PrerequisiteOperation.PutAggregationAuthorization, accountId, sourceRegion, AggregatorAccountIds)
        {
            AuthorizedAccountId = aggregatorAccountId,
            AuthorizedAwsRegion = aggregatorRegion,
        };

    /// <summary><c>DeleteAggregationAuthorization</c>: the reverse of <see cref="Authorize"/>, after a leave.</summary>
    public static PrerequisiteStep Deauthorize(string accountId, string sourceRegion, string aggregatorAccountId, string aggregatorRegion) =>
        new(PrerequisiteOperation.DeleteAggregationAuthorization, accountId, sourceRegion, AggregatorAccountIds)
        {
            AuthorizedAccountId = aggregatorAccountId,
            AuthorizedAwsRegion = aggregatorRegion,
        };

    /// <summary><c>GetRole</c> of <paramref name="roleName"/> in <paramref name="accountId"/>, before it is added to <paramref name="list"/>.</summary>
    public static PrerequisiteStep RequireRole(string accountId, string roleName, string list) =>
        new(PrerequisiteOperation.GetRole, accountId, null, list) { RoleName = roleName };

    public override string ToString() => Operation switch
    {
        PrerequisiteOperation.GetRole => $"{Operation} {RoleName} in account {AccountId}",
        _ => $"{Operation} in account {AccountId} ({Region}) for {AuthorizedAccountId} in {AuthorizedAwsRegion}",
    };
}
