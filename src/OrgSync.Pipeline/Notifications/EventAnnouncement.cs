using OrgSync.Core.Notifications;

namespace OrgSync.Pipeline.Notifications;

/// <summary>A completion event this delivery sent (or tried to): the stored event, for whose input, and what came of it.</summary>
/// <param name="MessageId">The input that announced it (one of them, when the batch held duplicates).</param>
/// <param name="EventId">The input's envelope id.</param>
public sealed record EventAnnouncement(string MessageId, string EventId, CompletionEvent Event, SendResult Result);
