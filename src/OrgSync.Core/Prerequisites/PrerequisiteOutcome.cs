namespace OrgSync.Core.Prerequisites;

/// <summary>What one prerequisite step came to (SPEC §3.5).</summary>
public enum PrerequisiteOutcome
{
    /// <summary>Plan only: the call would be sent; nothing was.</summary>
    Planned,

    /// <summary>The authorization was put.</summary>
    Authorized,

    /// <summary>The (idempotent) put found the authorization already there.</summary>
    AlreadyAuthorized,

    /// <summary>The authorization was withdrawn after the leave.</summary>
    Deleted,

    /// <summary>A withdrawal after a leave could not be made (the account closed or departed, the role gone): ignored.</summary>
    Unreachable,

    /// <summary>The role exists: the account may be added to the list.</summary>
    RolePresent,

    /// <summary>The role does not exist yet: the account is blocked for the list (transient).</summary>
    RoleMissing,

    /// <summary>The member role could not be assumed yet, or the account refused the call (an access denial not caused by an SCP): blocked (transient).</summary>
    Refused,

    /// <summary>An explicit deny in a service control policy refused the call: blocked, and no retry can pass it (permanent).</summary>
    DeniedByServiceControlPolicy,

    /// <summary>Any other failure, once retries inside the invocation were spent: blocked (transient or permanent as the error says).</summary>
    Failed,
}
