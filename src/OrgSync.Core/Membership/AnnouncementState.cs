namespace OrgSync.Core.Membership;

/// <summary>
/// What a store keeps per announcement: who claimed it last and until when, and whether it was completed.
/// A released claim is no state at all.
/// </summary>
public sealed record AnnouncementState(string Owner, DateTimeOffset ClaimedUntil, bool Completed);
