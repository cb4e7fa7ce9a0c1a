using OrgSync.Core.Notifications;

namespace OrgSync.Pipeline.Units;

/// <summary>Where one account's change stands on one target unit after a run (what a completion event reports).</summary>
/// <param name="IsFinal">False while a redelivery may still change it (a failure, a transient block).</param>
public sealed record AccountOutcome(TargetSyncOutcome Outcome, string Reason, bool IsFinal = true);
