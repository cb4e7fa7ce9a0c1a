namespace OrgSync.Core.Organizations;

/// <summary>An account's state in Organizations (<c>Account.State</c>; the retired <c>Status</c> maps onto it).</summary>
public enum AccountState
{
    Active,
    PendingActivation,
    Suspended,
    PendingClosure,
    Closed,
}
