using System.Collections.ObjectModel;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// The <see cref="ClientConfig"/> of an OrgSync service client, as a generated SDK config would set
/// it: service id, SigV4 signing name, endpoint provider, the SDK's default-configuration modes.
/// Use <see cref="ForRegion"/>: it applies the endpoint rule of <see cref="ServiceEndpoint"/>.
/// </summary>
public abstract class OrgSyncClientConfig : ClientConfig
{
    private readonly string _apiVersion;
    private readonly string _userAgent;

    protected OrgSyncClientConfig(ServiceEndpoint service, string apiVersion)
        : base(new DefaultConfigurationProvider(DefaultModes))
    {
        Service = service;
        _apiVersion = apiVersion;
        _userAgent = InternalSDKUtils.BuildUserAgentString(service.ServiceId, typeof(OrgSyncClientConfig).Assembly.GetName().Version?.ToString() ?? "1.0");
        ServiceId = service.ServiceId;
        AuthenticationServiceName = service.EndpointPrefix;
        EndpointProvider = new RegionalEndpointProvider(service);
        // OrgSync resolves AWS_ENDPOINT_URL* itself (ServiceEndpoint.Override), exactly once.
        IgnoreConfiguredEndpointUrls = true;
    }

    public ServiceEndpoint Service { get; }

    public override string RegionEndpointServiceName => Service.EndpointPrefix;

    public override string ServiceVersion => _apiVersion;

    public override string UserAgent => _userAgent;

    /// <summary>
    /// Points the config at <paramref name="region"/>: the regional endpoint, or
    /// <paramref name="endpointOverride"/> (an emulator, a VPC endpoint) signed for that region.
    /// ServiceURL and RegionEndpoint are mutually exclusive in the SDK (setting one clears the other),
    /// so with an override the signing region is pinned through <c>AuthenticationRegion</c>.
    /// </summary>
    public void ForRegion(string region, string? endpointOverride)
    {
        if (endpointOverride is null)
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            ServiceURL = endpointOverride;
        }

        AuthenticationRegion = region;
    }

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
        EndpointProvider.ResolveEndpoint(OrgSyncEndpointResolver.ParametersOf(this));

    // The SDK picks one of these by AWS_DEFAULTS_MODE; the values are the SDK's published defaults.
    private static ReadOnlyCollection<IDefaultConfiguration> DefaultModes { get; } = new(
    [
        Mode(DefaultConfigurationMode.Standard, 3100),
        Mode(DefaultConfigurationMode.InRegion, 1100),
        Mode(DefaultConfigurationMode.CrossRegion, 3100),
        Mode(DefaultConfigurationMode.Mobile, 30000),
        Mode(DefaultConfigurationMode.Auto, 1100),
    ]);

    private static DefaultConfiguration Mode(DefaultConfigurationMode name, int connectMilliseconds) => new()
    {
        Name = name,
        RetryMode = RequestRetryMode.Standard,
        S3UsEast1RegionalEndpoint = S3UsEast1RegionalEndpointValue.Regional,
        ConnectTimeout = TimeSpan.FromMilliseconds(connectMilliseconds),
        TlsNegotiationTimeout = TimeSpan.FromMilliseconds(connectMilliseconds),
    };
}
