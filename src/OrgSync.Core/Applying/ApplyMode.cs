namespace OrgSync.Core.Applying;

/// <summary>Whether an apply writes, or only reads and plans (<c>orgsync plan</c>, a reconcile drift report).</summary>
public enum ApplyMode
{
    Write,
    PlanOnly,
}
