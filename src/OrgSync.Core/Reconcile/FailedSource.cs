namespace OrgSync.Core.Reconcile;

/// <summary>An aggregator source Config reports as <c>FAILED</c> (e.g. an account that never authorized the aggregator).</summary>
public sealed record FailedSource(string SourceId, string SourceType, string Region, string? ErrorCode, string? ErrorMessage)
{
    public override string ToString() => $"{SourceType} {SourceId} in {Region}: {ErrorCode ?? "FAILED"}{(ErrorMessage is null ? string.Empty : " — " + ErrorMessage)}";
}
