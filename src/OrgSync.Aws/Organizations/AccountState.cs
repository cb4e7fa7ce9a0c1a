namespace OrgSync.Aws.Organizations;

/// <summary>The values of Organizations' <c>AccountState</c> enum (organizations.service-2.json).</summary>
public static class AccountState
{
    public const string PendingActivation = "PENDING_ACTIVATION";
    public const string Active = "ACTIVE";
    public const string Suspended = "SUSPENDED";
    public const string PendingClosure = "PENDING_CLOSURE";
    public const string Closed = "CLOSED";
}
