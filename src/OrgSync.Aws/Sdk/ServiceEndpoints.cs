namespace OrgSync.Aws.Sdk;

/// <summary>
/// Where each service is reached. Resolved once per client, in the AWS SDK convention's order:
/// an explicit override in code, then <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then
/// <c>AWS_ENDPOINT_URL</c> (both ignored when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>),
/// then the regional public endpoint. The SDK's own lookup of those variables is switched off
/// (<c>IgnoreConfiguredEndpointUrls</c>) so that exactly this rule applies.
/// </summary>
public sealed record ServiceEndpoint(string ServiceId, string EnvironmentSuffix, string EndpointPrefix)
{
    public static ServiceEndpoint Config { get; } = new("Config Service", "CONFIG_SERVICE", "config");

    public static ServiceEndpoint Imagebuilder { get; } = new("imagebuilder", "IMAGEBUILDER", "imagebuilder");

    public static ServiceEndpoint Sts { get; } = new("STS", "STS", "sts");

    /// <summary>The public regional endpoint, e.g. <c>https://config.eu-west-1.amazonaws.com</c>.</summary>
    public string Regional(string region) => $"https://{EndpointPrefix}.{region}.{DnsSuffix(region)}";

    /// <summary>The configured override for this service, or null when the regional endpoint applies.</summary>
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

    private static string DnsSuffix(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
}
