using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using OrgSync.Aws.Config;
using OrgSync.Aws.Credentials;
using OrgSync.Aws.Imagebuilder;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.Clients;

/// <summary>
/// Hands out one client per (service, Region, credentials) and keeps it: SDK clients are
/// thread-safe and expensive to build. Also owns the STS client and the assumed-role credential
/// cache, so member-account clients sign with credentials that refresh themselves.
/// </summary>
public sealed class AwsClientFactory : IDisposable
{
    private readonly AwsClientOptions _options;
    private readonly ConcurrentDictionary<(string Service, string Region, AWSCredentials? Credentials), Lazy<OrgSyncServiceClient>> _clients = new();
    private readonly Lazy<StsClient> _sts;
    private bool _disposed;

    public AwsClientFactory(AwsClientOptions options, TimeProvider? time = null)
    {
        _options = options;
        _sts = new Lazy<StsClient>(CreateSts, LazyThreadSafetyMode.ExecutionAndPublication);
        AssumedRoles = new AssumedRoleCredentialsCache(
            (request, ct) => _sts.Value.AssumeRoleAsync(request, ct), options.AssumeRole, time ?? TimeProvider.System);
    }

    public AssumedRoleCredentialsCache AssumedRoles { get; }

    /// <summary>Credentials for <paramref name="roleArn"/>, assumed with the home credentials and refreshed before they expire.</summary>
    public AWSCredentials AssumeRole(string roleArn) => AssumedRoles.For(roleArn);

    /// <param name="credentials">Null: the home account's (<see cref="AwsClientOptions.Credentials"/> or the default chain).</param>
    public ConfigServiceClient Config(string region, AWSCredentials? credentials = null) =>
        (ConfigServiceClient)Get(ServiceEndpoint.Config, region, credentials, _options.ConfigEndpointUrl);

    /// <param name="credentials">Null: the home account's (<see cref="AwsClientOptions.Credentials"/> or the default chain).</param>
    public ImagebuilderClient Imagebuilder(string region, AWSCredentials? credentials = null) =>
        (ImagebuilderClient)Get(ServiceEndpoint.Imagebuilder, region, credentials, _options.ImagebuilderEndpointUrl);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        if (_sts.IsValueCreated)
        {
            _sts.Value.Dispose();
        }
    }

    private OrgSyncServiceClient Get(ServiceEndpoint service, string region, AWSCredentials? credentials, string? serviceEndpointUrl)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        credentials ??= _options.Credentials;
        var lazy = _clients.GetOrAdd(
            (service.ServiceId, region, credentials),
            key => new Lazy<OrgSyncServiceClient>(() => Create(service, key.Region, key.Credentials, serviceEndpointUrl)));
        return lazy.Value;
    }

    private OrgSyncServiceClient Create(ServiceEndpoint service, string region, AWSCredentials? credentials, string? serviceEndpointUrl)
    {
        OrgSyncClientConfig config = service == ServiceEndpoint.Imagebuilder ? new ImagebuilderConfig() : new ConfigServiceConfig();
        ApplyCommon(config);
        config.ForRegion(region, service.Override(serviceEndpointUrl ?? _options.EndpointUrl, _options.Environment));
        return config switch
        {
            ImagebuilderConfig imagebuilder => new ImagebuilderClient(credentials, imagebuilder),
            ConfigServiceConfig configService => new ConfigServiceClient(credentials, configService),
            _ => throw new InvalidOperationException("unknown service " + service.ServiceId),
        };
    }

    private StsClient CreateSts()
    {
        var region = _options.StsRegion
            ?? _options.Environment("AWS_REGION")
            ?? _options.Environment("AWS_DEFAULT_REGION")
            ?? "us-east-1";
        var config = new AmazonSecurityTokenServiceConfig();
        ApplyCommon(config);
        if (ServiceEndpoint.Sts.Override(_options.StsEndpointUrl ?? _options.EndpointUrl, _options.Environment) is { } url)
        {
            config.ServiceURL = url;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        config.AuthenticationRegion = region;
        return new StsClient(_options.Credentials, config);
    }

    private void ApplyCommon(ClientConfig config)
    {
        config.IgnoreConfiguredEndpointUrls = true;
        config.Timeout = _options.RequestTimeout;
        config.MaxErrorRetry = _options.SdkMaxErrorRetry;
        if (_options.HttpClientFactory is { } httpClientFactory)
        {
            config.HttpClientFactory = httpClientFactory;
        }
    }
}
