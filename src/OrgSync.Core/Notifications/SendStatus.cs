namespace OrgSync.Core.Notifications;

/// <summary>What became of one completion event or task callback handed to <see cref="INotificationPublisher"/>.</summary>
public enum SendStatus
{
    /// <summary>Accepted (EventBridge returned an <c>EventId</c>; Step Functions took the callback, now or on an earlier attempt whose response was lost).</summary>
    Sent,

    /// <summary>Certainly not delivered (the entry or the call was refused): sending it again is no duplicate.</summary>
    NotSent,

    /// <summary>May have been delivered (a response lost: a timeout or a server error after the call went out).</summary>
    Unknown,

    /// <summary>Task callbacks only: the token takes no callback any more (<c>TaskTimedOut</c>, <c>InvalidToken</c>) — nothing to retry.</summary>
    TokenClosed,
}
