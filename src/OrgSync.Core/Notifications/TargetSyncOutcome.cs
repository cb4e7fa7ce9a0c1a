namespace OrgSync.Core.Notifications;

/// <summary>Where one account stands on one target, as a completion event reports it (SPEC §7).</summary>
public enum TargetSyncOutcome
{
    /// <summary>Written by this change.</summary>
    Applied,

    /// <summary>Already as wanted: read and unchanged, or the ledger already had this very change.</summary>
    AlreadyInPlace,

    /// <summary>The account is in <c>excludeAccounts</c>: never added, never removed.</summary>
    Excluded,

    /// <summary>
    /// Nothing of OrgSync's to do: an organization source or share that already covers members, a Control Tower
    /// channel, a leave without <c>removeOnLeave</c>, a target whose scope does not hold the account.
    /// </summary>
    LeftAlone,

    /// <summary>A newer change of the same account was applied instead.</summary>
    Superseded,

    /// <summary>A prerequisite is missing or refused (a role not there yet, an SCP deny, a refused membership).</summary>
    Blocked,

    /// <summary>The target could not be brought in line.</summary>
    Failed,
}
