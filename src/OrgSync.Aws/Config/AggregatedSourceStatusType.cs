namespace OrgSync.Aws.Config;

/// <summary>The values of Config's <c>AggregatedSourceStatusType</c> enum (config.service-2.json).</summary>
public static class AggregatedSourceStatusType
{
    public const string Failed = "FAILED";
    public const string Succeeded = "SUCCEEDED";
    public const string Outdated = "OUTDATED";
}
