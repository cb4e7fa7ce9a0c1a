using OrgSync.Core.Targets;

namespace OrgSync.Cli.DeployParameters;

/// <summary>
/// The targets-file keys of SPEC section 2 that <see cref="TargetsFile"/> does not carry yet
/// (<c>reconcile</c>, <c>notifications</c>, the prerequisites' member role). Each answers what the
/// file means today - the SPEC's default - and is the one place to complete once the model has the
/// key; <see cref="DeployParameterSet"/> needs nothing else.
/// </summary>
internal static class PendingTargetsKeys
{
    /// <summary>SPEC section 6: <c>reconcile.schedule</c>, default <c>rate(6 hours)</c>.</summary>
    public const string DefaultReconcileSchedule = "rate(6 hours)";

    /// <summary>
    /// <c>reconcile.schedule</c>. TODO(model): return <c>targets.Reconcile?.Schedule ?? DefaultReconcileSchedule</c>.
    /// </summary>
    public static string ReconcileSchedule(TargetsFile targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return DefaultReconcileSchedule;
    }

    /// <summary>
    /// <c>notifications.eventBusName</c>; null when <c>notifications</c> is absent (no events sent).
    /// TODO(model): return <c>targets.Notifications?.EventBusName</c>.
    /// </summary>
    public static string? NotificationBusName(TargetsFile targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return null;
    }

    /// <summary>
    /// The member roles the prerequisites of SPEC section 3.5 (aggregation authorizations, the Image
    /// Builder role check) are assumed through, with the JSON path that names each - beyond the
    /// delivery channels' <c>memberRoleName</c>, which <see cref="DeployParameterSet"/> reads itself.
    /// TODO(model): when the file names a member role for prerequisites (e.g. a top-level
    /// <c>memberRoleName</c>), yield <c>("memberRoleName", name)</c> whenever a target needs one
    /// (an aggregator with <c>authorizeSources</c>, a distribution with <c>requireCrossAccountRole</c>).
    /// </summary>
    public static IEnumerable<(string Path, string Name)> PrerequisiteRoleNames(TargetsFile targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return [];
    }
}
