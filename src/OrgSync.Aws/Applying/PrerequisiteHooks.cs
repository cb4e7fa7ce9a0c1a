using OrgSync.Aws.Prerequisites;
using OrgSync.Core.Planning;
using OrgSync.Core.Prerequisites;

namespace OrgSync.Aws.Applying;

/// <summary>
/// What the apply loop needs for a target's prerequisites (SPEC §3.5): the steps a planned write needs (pure, from Core),
/// who runs them, and the write planned again without the accounts they blocked (pure) — for that list only.
/// </summary>
/// <param name="Plan">The steps the planned write needs, from the resource as read and the write.</param>
/// <param name="PlanWithout">The write planned from the resource as read, with these accounts withheld from the list their prerequisite is for.</param>
internal sealed record PrerequisiteHooks<TCurrent, TRequest>(
    PrerequisiteRunner Runner,
    Func<TCurrent, Plan<TRequest>.Write, PrerequisitePlan> Plan,
    Func<TCurrent, IReadOnlySet<string>, Plan<TRequest>> PlanWithout)
    where TRequest : class;
