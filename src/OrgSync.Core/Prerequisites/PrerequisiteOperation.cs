namespace OrgSync.Core.Prerequisites;

/// <summary>The calls OrgSync makes in a member account so that a write takes effect (SPEC §3.5), named as the APIs are.</summary>
public enum PrerequisiteOperation
{
    /// <summary>Config, in the source account and Region: lets the aggregator's account and Region collect from it. Runs before the account is added.</summary>
    PutAggregationAuthorization,

    /// <summary>Config, in the source account and Region: withdraws that authorization once a leave removed the account (best effort).</summary>
    DeleteAggregationAuthorization,

    /// <summary>IAM: the role Image Builder needs to copy an AMI into the account must exist before the account is added to <c>targetAccountIds</c>. Read only.</summary>
    GetRole,
}
