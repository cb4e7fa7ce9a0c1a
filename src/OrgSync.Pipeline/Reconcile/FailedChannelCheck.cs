namespace OrgSync.Pipeline.Reconcile;

/// <summary>A channel check that failed for one account, with the reason its message failed.</summary>
public sealed record FailedChannelCheck(string AccountId, string Reason);
