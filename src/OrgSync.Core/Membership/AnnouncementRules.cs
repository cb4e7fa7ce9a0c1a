namespace OrgSync.Core.Membership;

/// <summary>
/// The transitions of <see cref="IAnnouncementLedger"/> as pure functions over an announcement's state
/// (null: never claimed, or released). The local stores apply them under a lock; the DynamoDB store
/// states the same rules as condition expressions.
/// </summary>
public static class AnnouncementRules
{
    /// <summary>
    /// How long a claim that was neither completed nor released is kept past its <c>until</c>, so that its
    /// holder's late completion still counts; after that the claim may be forgotten (as if released).
    /// </summary>
    public static TimeSpan AbandonedClaimRetention { get; } = TimeSpan.FromDays(1);

    public static (AnnouncementClaim Outcome, AnnouncementState? Next) Claim(
        AnnouncementState? current, string owner, DateTimeOffset until, DateTimeOffset now)
    {
        if (current is { Completed: true })
        {
            return (AnnouncementClaim.AlreadyAnnounced, current);
        }

        if (current is null || current.Owner == owner || current.ClaimedUntil <= now)
        {
            return (AnnouncementClaim.Claimed, new AnnouncementState(owner, until, Completed: false));
        }

        return (AnnouncementClaim.HeldByAnother, current);
    }

    /// <summary>Completed: whether the announcement is (now) recorded as completed by <paramref name="owner"/>.</summary>
    public static (bool Completed, AnnouncementState? Next) Complete(AnnouncementState? current, string owner) =>
        current is not null && current.Owner == owner
            ? (true, current with { Completed = true })
            : (false, current);

    public static AnnouncementState? Release(AnnouncementState? current, string owner) =>
        current is { Completed: false } && current.Owner == owner ? null : current;

    /// <summary>Whether a store must still keep <paramref name="state"/> at <paramref name="now"/>.</summary>
    public static bool MustKeep(AnnouncementState state, DateTimeOffset now) =>
        state.Completed || state.ClaimedUntil + AbandonedClaimRetention > now;

    /// <summary>The checks every store makes, so that all of them reject the same calls.</summary>
    public static void Validate(string announcementId, string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(announcementId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
    }
}
