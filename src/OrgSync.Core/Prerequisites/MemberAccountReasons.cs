namespace OrgSync.Core.Prerequisites;

/// <summary>
/// The one wording of the refusals a member-account call can meet (SPEC §3.3, §3.5), shared by the prerequisites and
/// the delivery channels. Each reads the same on every delivery: a dead letter keeps the last one.
/// </summary>
public static class MemberAccountReasons
{
    /// <summary>An explicit deny in a service control policy: permanent, so the reason says what would have to change.</summary>
    public static string ServiceControlPolicyDeny(string accountId, string action, string detail) =>
        $"account {accountId}: {action} is refused by an explicit deny in a service control policy; retrying cannot pass it "
        + $"(the organization's SCPs must allow it, or leave this to whoever they allow): {detail}";

    /// <summary>The member role cannot be assumed (yet): in a brand-new account it is deployed minutes after the account.</summary>
    public static string RoleNotAssumable(string roleArn, string detail) =>
        $"cannot assume {roleArn} yet: in a new account the member role is deployed minutes after the account " +
        $"(StackSets), or its trust policy does not admit OrgSync: {detail}";

    /// <summary>The account refused a call to the member role (an access denial that is not an SCP's): its permissions may still be on their way.</summary>
    public static string Refused(string accountId, string action, string roleArn, string detail) =>
        $"account {accountId} refused {action} to {roleArn} (the member role may lack the permission yet): {detail}";
}
