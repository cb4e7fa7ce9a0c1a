namespace OrgSync.Core.Membership;

/// <summary>
/// What a store keeps per announcement: who holds the claim (null once released) and until when, whether it was
/// completed, and the payload stored with the first claim — what every send of the announcement carries, so that a
/// resend after an unknown outcome is byte for byte the first one. A released claim without a payload is no state at all.
/// </summary>
public sealed record AnnouncementState(string? Owner, DateTimeOffset ClaimedUntil, bool Completed, string? Payload = null);
