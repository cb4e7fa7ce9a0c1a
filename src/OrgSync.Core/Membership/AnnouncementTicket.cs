namespace OrgSync.Core.Membership;

/// <summary>The answer to <see cref="IAnnouncementLedger.ClaimAsync"/>.</summary>
/// <param name="Outcome">Whether the caller holds the claim, the announcement was made, or someone else holds it.</param>
/// <param name="Payload">
/// What the announcement carries: the payload stored with its first claim, whatever this caller offered (the
/// caller's own only when none was stored — the first claim, or one made before stores kept payloads).
/// </param>
/// <param name="IsRetry">A claim before this one stored the payload: an earlier send may have happened.</param>
public sealed record AnnouncementTicket(AnnouncementClaim Outcome, string Payload, bool IsRetry);
