namespace OrgSync.Core.Applying;

/// <summary>
/// Brings one resource in line with its work (read → plan → write when needed), or with
/// <see cref="ApplyMode.PlanOnly"/> reads and plans without writing. Never throws for a failure of the
/// service: the result says what happened. The port between the pipeline and the AWS appliers, so the
/// pipeline's tests can script the outcome.
/// </summary>
public interface ITargetAppliers
{
    /// <param name="deadline">No attempt or backoff starts after this instant.</param>
    /// <param name="fence">Run right before each write with <see cref="TargetWork.Key"/>; false abandons the write. Null: unfenced.</param>
    Task<ApplyResult> ApplyAsync(TargetWork work, ApplyMode mode, DateTimeOffset deadline, WriteFence? fence, CancellationToken cancellationToken);
}
