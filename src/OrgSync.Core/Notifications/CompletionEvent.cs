namespace OrgSync.Core.Notifications;

/// <summary>
/// One completion event as sent: its <c>detail-type</c> and its <c>detail</c>, verbatim. The detail is what the
/// announcement ledger stores with the first claim, so a resend carries the very bytes of the first send.
/// </summary>
public sealed record CompletionEvent(string NotificationId, string AccountId, string DetailType, string Detail)
{
    public static CompletionEvent From(AccountSyncNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new CompletionEvent(notice.NotificationId, notice.AccountId, notice.DetailType, notice.ToDetailJson());
    }

    /// <summary>The event of a stored detail: its detail-type follows from the outcomes it reports.</summary>
    /// <exception cref="FormatException">Not a detail <see cref="AccountSyncNotice.ToDetailJson"/> wrote.</exception>
    public static CompletionEvent FromDetail(string detail)
    {
        var notice = AccountSyncNotice.FromDetailJson(detail);
        return new CompletionEvent(notice.NotificationId, notice.AccountId, notice.DetailType, detail);
    }
}
