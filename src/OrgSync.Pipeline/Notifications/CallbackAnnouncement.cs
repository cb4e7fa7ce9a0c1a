using OrgSync.Core.Notifications;

namespace OrgSync.Pipeline.Notifications;

/// <summary>A task callback this delivery sent (or tried to); never the token.</summary>
/// <param name="IsRetry">An earlier claim stored the callback: an earlier attempt may have landed.</param>
public sealed record CallbackAnnouncement(string MessageId, string EventId, TaskCallback Callback, SendResult Result, bool IsRetry)
{
    /// <summary>The callback is (or by now was) with Step Functions: sent, or refused as closed right after an attempt that may have landed.</summary>
    public bool Delivered => Result.Status == SendStatus.Sent || (Result.Status == SendStatus.TokenClosed && IsRetry);
}
