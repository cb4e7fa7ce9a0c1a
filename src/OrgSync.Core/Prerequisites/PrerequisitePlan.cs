using System.Collections.Immutable;

namespace OrgSync.Core.Prerequisites;

/// <summary>The member-account steps one planned write needs, in the order they run, and what the plan warns about.</summary>
/// <param name="Steps">Enabling steps (run before the write) and cleanups (run after it), each group in account then Region order.</param>
/// <param name="Warnings">Shown in <c>plan</c> and logged as warnings (e.g. sources authorized in one Region only).</param>
public sealed record PrerequisitePlan(ImmutableArray<PrerequisiteStep> Steps, ImmutableArray<string> Warnings)
{
    public static PrerequisitePlan None { get; } = new([], []);

    /// <summary>The steps that run before the write they enable.</summary>
    public ImmutableArray<PrerequisiteStep> Before => [.. Steps.Where(step => !step.IsCleanup)];

    /// <summary>The steps that run once the write is done (best effort).</summary>
    public ImmutableArray<PrerequisiteStep> After => [.. Steps.Where(step => step.IsCleanup)];
}
