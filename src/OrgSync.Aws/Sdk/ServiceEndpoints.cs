using System.Collections.Frozen;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// Where each service is reached. Resolved once per client, in the AWS SDK convention's order:
/// an explicit override in code, then <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then
/// <c>AWS_ENDPOINT_URL</c> (both ignored when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>),
/// then the public endpoint. The SDK's own lookup of those variables is switched off
/// (<c>IgnoreConfiguredEndpointUrls</c>) so that exactly this rule applies.
/// </summary>
/// <param name="ServiceId">The SDK service id (the model's <c>serviceId</c>).</param>
/// <param name="EnvironmentSuffix">The service id in capitals, spaces as underscores: <c>AWS_ENDPOINT_URL_{suffix}</c>.</param>
/// <param name="EndpointPrefix">The host prefix and SigV4 signing name.</param>
public sealed record ServiceEndpoint(string ServiceId, string EnvironmentSuffix, string EndpointPrefix)
{
    public static ServiceEndpoint Config { get; } = new("Config Service", "CONFIG_SERVICE", "config");

    public static ServiceEndpoint Imagebuilder { get; } = new("imagebuilder", "IMAGEBUILDER", "imagebuilder");

    public static ServiceEndpoint Sts { get; } = new("STS", "STS", "sts");

    /// <summary>Organizations: one endpoint per partition, whatever the caller's Region (the endpoint rule set of organizations).</summary>
    public static ServiceEndpoint Organizations { get; } = new("Organizations", "ORGANIZATIONS", "organizations")
    {
        GlobalByPartition = Partitions(
            aws: new("organizations.us-east-1.amazonaws.com", "us-east-1"),
            china: new("organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
            govCloud: new("organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1")),
    };

    /// <summary>IAM: one endpoint per partition, whatever the caller's Region (the endpoint rule set of iam).</summary>
    public static ServiceEndpoint Iam { get; } = new("IAM", "IAM", "iam")
    {
        GlobalByPartition = Partitions(
            aws: new("iam.amazonaws.com", "us-east-1"),
            china: new("iam.cn-north-1.amazonaws.com.cn", "cn-north-1"),
            govCloud: new("iam.us-gov.amazonaws.com", "us-gov-west-1")),
    };

    public static ServiceEndpoint EventBridge { get; } = new("EventBridge", "EVENTBRIDGE", "events");

    public static ServiceEndpoint StepFunctions { get; } = new("SFN", "SFN", "states");

    public static ServiceEndpoint Sqs { get; } = new("SQS", "SQS", "sqs");

    /// <summary>For a global service, its endpoint in each partition (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>); empty for a regional one.</summary>
    public FrozenDictionary<string, GlobalEndpoint> GlobalByPartition { get; private init; } = FrozenDictionary<string, GlobalEndpoint>.Empty;

    public bool IsGlobal => GlobalByPartition.Count > 0;

    /// <summary>The partition of a Region: <c>aws-cn</c> (cn-*), <c>aws-us-gov</c> (us-gov-*) or <c>aws</c>.</summary>
    public static string PartitionOf(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
        : "aws";

    /// <summary>The Region a request from <paramref name="region"/> is signed for: that Region, or the global endpoint's of its partition.</summary>
    public string SigningRegion(string region) => Global(region)?.SigningRegion ?? region;

    /// <summary>The public endpoint for a caller in <paramref name="region"/>: the partition's global endpoint, else the regional one.</summary>
    public string Url(string region) => Global(region) is { } global ? "https://" + global.Host : Regional(region);

    /// <summary>The public regional endpoint, e.g. <c>https://config.eu-west-1.amazonaws.com</c>.</summary>
    public string Regional(string region) => $"https://{EndpointPrefix}.{region}.{DnsSuffix(region)}";

    /// <summary>The configured override for this service, or null when the public endpoint applies.</summary>
    /// <param name="explicitUrl">An override given in code (options); wins over the environment.</param>
    /// <param name="environment">Reads an environment variable (injectable for tests).</param>
    public string? Override(string? explicitUrl, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(explicitUrl))
        {
            return explicitUrl;
        }

        if (string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var specific = environment("AWS_ENDPOINT_URL_" + EnvironmentSuffix);
        if (!string.IsNullOrWhiteSpace(specific))
        {
            return specific;
        }

        var global = environment("AWS_ENDPOINT_URL");
        return string.IsNullOrWhiteSpace(global) ? null : global;
    }

    private GlobalEndpoint? Global(string region) => GlobalByPartition.GetValueOrDefault(PartitionOf(region));

    private static string DnsSuffix(string region) =>
        PartitionOf(region) == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";

    private static FrozenDictionary<string, GlobalEndpoint> Partitions(GlobalEndpoint aws, GlobalEndpoint china, GlobalEndpoint govCloud) =>
        new Dictionary<string, GlobalEndpoint>(StringComparer.Ordinal) { ["aws"] = aws, ["aws-cn"] = china, ["aws-us-gov"] = govCloud }
            .ToFrozenDictionary(StringComparer.Ordinal);
}
