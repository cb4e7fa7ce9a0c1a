namespace OrgSync.Core.Membership;

/// <summary>
/// The transitions of <see cref="IAnnouncementLedger"/> as pure functions over an announcement's state
/// (null: never claimed, or released before any payload was kept). The local stores apply them under a lock;
/// the DynamoDB store states the same rules as condition expressions.
/// </summary>
public static class AnnouncementRules
{
    /// <summary>
    /// How long a claim that was neither completed nor released is kept past its <c>until</c>, so that its
    /// holder's late completion still counts; after that the claim may be forgotten (as if released). A released
    /// claim's payload is kept as long, for the redeliveries that resend it.
    /// </summary>
    public static TimeSpan AbandonedClaimRetention { get; } = TimeSpan.FromDays(1);

    public static (AnnouncementTicket Ticket, AnnouncementState? Next) Claim(
        AnnouncementState? current, string owner, DateTimeOffset until, string payload, DateTimeOffset now)
    {
        var stored = current?.Payload ?? payload;
        var isRetry = current?.Payload is not null;
        if (current is { Completed: true })
        {
            return (new AnnouncementTicket(AnnouncementClaim.AlreadyAnnounced, stored, isRetry), current);
        }

        if (current is null || current.Owner is null || current.Owner == owner || current.ClaimedUntil <= now)
        {
            return (new AnnouncementTicket(AnnouncementClaim.Claimed, stored, isRetry), new AnnouncementState(owner, until, Completed: false, stored));
        }

        return (new AnnouncementTicket(AnnouncementClaim.HeldByAnother, stored, isRetry), current);
    }

    /// <summary>Completed: whether the announcement is (now) recorded as completed by <paramref name="owner"/>.</summary>
    public static (bool Completed, AnnouncementState? Next) Complete(AnnouncementState? current, string owner) =>
        current is not null && current.Owner == owner
            ? (true, current with { Completed = true })
            : (false, current);

    /// <summary>The claim given up, its payload kept (without one, nothing is left to keep).</summary>
    public static AnnouncementState? Release(AnnouncementState? current, string owner) =>
        current is { Completed: false } && current.Owner == owner
            ? current.Payload is null ? null : current with { Owner = null }
            : current;

    /// <summary>Whether a store must still keep <paramref name="state"/> at <paramref name="now"/>.</summary>
    public static bool MustKeep(AnnouncementState state, DateTimeOffset now) =>
        state.Completed || state.ClaimedUntil + AbandonedClaimRetention > now;

    /// <summary>The checks every store makes, so that all of them reject the same calls.</summary>
    public static void Validate(string announcementId, string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(announcementId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
    }

    /// <summary>The checks of a claim: <see cref="Validate"/>, and a payload to store.</summary>
    public static void Validate(string announcementId, string owner, string payload)
    {
        Validate(announcementId, owner);
        ArgumentException.ThrowIfNullOrEmpty(payload);
    }
}
