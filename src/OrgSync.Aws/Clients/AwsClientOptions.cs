using Amazon.Runtime;
using OrgSync.Aws.Credentials;

namespace OrgSync.Aws.Clients;

/// <summary>How OrgSync reaches AWS (or the emulator). Defaults suit Lambda; every field is optional.</summary>
public sealed record AwsClientOptions
{
    /// <summary>The home account's credentials; null uses the SDK's default chain (Lambda's environment credentials, profiles, SSO, container, instance...).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>One endpoint for every service (the emulator), like <c>AWS_ENDPOINT_URL</c> but set in code; wins over the environment.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>Per-service endpoints set in code; each wins over <see cref="EndpointUrl"/>.</summary>
    public string? ConfigEndpointUrl { get; init; }

    public string? ImagebuilderEndpointUrl { get; init; }

    public string? StsEndpointUrl { get; init; }

    /// <summary>Organizations; signed for the partition's global Region (us-east-1) whatever the endpoint.</summary>
    public string? OrganizationsEndpointUrl { get; init; }

    /// <summary>IAM; signed for the partition's global Region (us-east-1) whatever the endpoint.</summary>
    public string? IamEndpointUrl { get; init; }

    public string? EventBridgeEndpointUrl { get; init; }

    public string? StepFunctionsEndpointUrl { get; init; }

    public string? SqsEndpointUrl { get; init; }

    /// <summary>
    /// The Region OrgSync runs in, which picks the partition of the global services (Organizations, IAM):
    /// null: <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>, then us-east-1.
    /// </summary>
    public string? HomeRegion { get; init; }

    /// <summary>Region of the STS endpoint used for AssumeRole; null: the home Region (<see cref="HomeRegion"/>).</summary>
    public string? StsRegion { get; init; }

    /// <summary>Replaces the SDK's HTTP client (an in-process emulator or a test fake); null: the SDK's own.</summary>
    public HttpClientFactory? HttpClientFactory { get; init; }

    /// <summary>Upper bound of one HTTP request; the appliers' deadline bounds the whole retry loop.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often the SDK itself may retry a request; it does so only for clock-skew errors (see
    /// <c>ClockSkewOnlyRetryPolicy</c>). Throttling and transient errors are retried by the appliers.
    /// </summary>
    public int SdkMaxErrorRetry { get; init; } = 2;

    public AssumeRoleSettings AssumeRole { get; init; } = AssumeRoleSettings.Default;

    /// <summary>Reads environment variables (replaceable in tests).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
