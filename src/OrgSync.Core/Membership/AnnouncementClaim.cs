namespace OrgSync.Core.Membership;

/// <summary>What a claim came to (<see cref="AnnouncementTicket.Outcome"/> of <see cref="IAnnouncementLedger.ClaimAsync"/>).</summary>
public enum AnnouncementClaim
{
    /// <summary>The caller holds the claim: it sends, then completes or releases.</summary>
    Claimed,

    /// <summary>The announcement was made (completed): send nothing.</summary>
    AlreadyAnnounced,

    /// <summary>Another claimant holds an unexpired claim: its send may be under way; try again later.</summary>
    HeldByAnother,
}
