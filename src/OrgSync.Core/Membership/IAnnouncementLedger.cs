namespace OrgSync.Core.Membership;

/// <summary>
/// Remembers which announcements (SPEC §7: a completion event per input and account, a Step Functions
/// task callback) were made, so that each is made once however often its message is delivered. A sender
/// claims the announcement, sends, then completes it — or releases it when the send failed, so that a
/// redelivery may try again. Only while a send's outcome is unknown (the claimant died, or its claim ran
/// out) can a second claimant send the same announcement again. The first claim stores the announcement's
/// payload, and every later claim is handed that one, not its own: a redelivery recomputes what it would
/// announce (an "applied" becomes "already in place"), but a resend must be the first send, byte for byte.
/// </summary>
public interface IAnnouncementLedger
{
    /// <summary>
    /// Claims <paramref name="announcementId"/> for <paramref name="owner"/> until <paramref name="until"/>:
    /// <see cref="AnnouncementClaim.Claimed"/> when it is free (never claimed, or released), its claim has run
    /// out (<c>until</c> at or before the store's now) or <paramref name="owner"/> holds it already (the claim
    /// then runs until the new <paramref name="until"/>); <see cref="AnnouncementClaim.AlreadyAnnounced"/> once
    /// completed, forever; else <see cref="AnnouncementClaim.HeldByAnother"/>. Of concurrent claimants exactly
    /// one wins. <paramref name="payload"/> is stored with the first claim and kept through releases and
    /// takeovers; the ticket always carries the stored one.
    /// </summary>
    Task<AnnouncementTicket> ClaimAsync(string announcementId, string owner, DateTimeOffset until, string payload, CancellationToken cancellationToken);

    /// <summary>
    /// Records the announcement as made. Only its current claimant may (also once its claim ran out, as long
    /// as nobody took it over: the send did happen); idempotent. True when the announcement is recorded as
    /// completed by <paramref name="owner"/> (by this call or an earlier one); false, recording nothing, when
    /// <paramref name="owner"/> does not hold the claim. A completion is kept for the ledger's retention.
    /// </summary>
    Task<bool> CompleteAsync(string announcementId, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Gives up <paramref name="owner"/>'s claim after a failed send, so that a redelivery may claim it at
    /// once (the payload stays); a no-op when <paramref name="owner"/> does not hold it or it is completed.
    /// </summary>
    Task ReleaseAsync(string announcementId, string owner, CancellationToken cancellationToken);
}
