using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// The endpoint step of the pipeline (replaces the SDK's legacy <c>EndpointResolver</c>, as
/// generated v4 clients do): maps the client config to endpoint parameters (Region, Endpoint) and
/// lets the config's <see cref="RegionalEndpointProvider"/> turn them into the URL.
/// </summary>
internal sealed class OrgSyncEndpointResolver : BaseEndpointResolver
{
    public const string RegionParameter = "Region";
    public const string EndpointParameter = "Endpoint";

    /// <summary>What the endpoint rule reads from a client config: its signing Region and its endpoint override.</summary>
    public static EndpointParameters ParametersOf(IClientConfig config)
    {
        var parameters = new EndpointParameters();
        parameters[RegionParameter] = config.AuthenticationRegion ?? config.RegionEndpoint?.SystemName;
        parameters[EndpointParameter] = config.ServiceURL;
        return parameters;
    }

    protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext) => ParametersOf(requestContext.ClientConfig);
}

/// <summary>
/// The services' endpoint rule sets, reduced to what OrgSync uses: the override, else
/// <see cref="ServiceEndpoint.Url"/> (<c>https://{prefix}.{region}.{dnsSuffix}</c>, or a global service's endpoint).
/// </summary>
internal sealed class RegionalEndpointProvider(ServiceEndpoint service) : IEndpointProvider
{
    public Endpoint ResolveEndpoint(EndpointParameters parameters)
    {
        if (parameters[OrgSyncEndpointResolver.EndpointParameter] is string url && url.Length > 0)
        {
            return new Endpoint(url);
        }

        if (parameters[OrgSyncEndpointResolver.RegionParameter] is string region && region.Length > 0)
        {
            return new Endpoint(service.Url(region));
        }

        throw new AmazonClientException($"no region or endpoint configured for {service.ServiceId}");
    }
}

/// <summary>Every OrgSync service is SigV4-only: every operation resolves to the SDK's SigV4 scheme (signer and credential resolution).</summary>
internal sealed class SigV4AuthSchemeHandler : BaseAuthResolverHandler
{
    protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) =>
        AuthSchemeOption.DEFAULT_SIGV4;
}

/// <summary>
/// The SDK's standard retry policy restricted to clock-skew errors: the SDK still corrects its clock
/// and re-signs when the service reports a skewed signature, but throttling, 5xx, timeouts and
/// connection failures surface at once, so that the appliers' deadline-aware loop (which re-reads
/// and re-plans before a write is repeated) is the one that decides about every other retry.
/// </summary>
internal sealed class ClockSkewOnlyRetryPolicy(IClientConfig config) : StandardRetryPolicy(config)
{
    public override bool RetryForException(IExecutionContext executionContext, Exception exception) => false;

    public override Task<bool> RetryForExceptionAsync(IExecutionContext executionContext, Exception exception) =>
        Task.FromResult(false);
}
