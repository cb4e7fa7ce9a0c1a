namespace OrgSync.Core.Reconcile;

/// <summary>What a reconcile pass may remove from a target (SPEC §6), from the targets file.</summary>
/// <param name="Untouchable">Never removed by a pass: <c>excludeAccounts</c> and <c>allowedNonMembers</c>.</param>
/// <param name="RemoveOnLeave">Stale accounts are removed (<c>removeOnLeave</c>); otherwise only reported.</param>
/// <param name="PruneForeign">Foreign accounts are removed (<c>reconcile.pruneForeignAccounts</c>); otherwise only reported.</param>
public sealed record DriftPolicy(IReadOnlySet<string> Untouchable, bool RemoveOnLeave, bool PruneForeign)
{
    public static DriftPolicy Of(Targets.TargetsFile targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var untouchable = targets.ExcludeAccounts.Union(targets.AllowedNonMembers, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        return new DriftPolicy(untouchable, targets.RemoveOnLeave, targets.Reconcile.PruneForeignAccounts);
    }
}
