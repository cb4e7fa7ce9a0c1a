namespace OrgSync.Core.Targets;

/// <summary>The targets file's <c>reconcile</c> object (SPEC §6), defaults applied.</summary>
/// <param name="Schedule">An EventBridge schedule expression (<see cref="ScheduleExpression"/>), default <c>rate(6 hours)</c>.</param>
/// <param name="PruneForeignAccounts">Remove present accounts that neither the organization nor the ledger knows; default false.</param>
/// <param name="WeeklyAggregatorChangeBudget">
/// Accounts added to or removed from aggregators in 7 days (events and reconcile) beyond which reconcile
/// defers; default 1000, Config's default weekly quota.
/// </param>
/// <param name="Channels">Check every member account's delivery channels on each pass; default true.</param>
public sealed record ReconcileSettings(string Schedule, bool PruneForeignAccounts, int WeeklyAggregatorChangeBudget, bool Channels)
{
    public const string DefaultSchedule = "rate(6 hours)";

    public const int DefaultWeeklyAggregatorChangeBudget = 1000;

    public static ReconcileSettings Default { get; } = new(DefaultSchedule, false, DefaultWeeklyAggregatorChangeBudget, true);
}
