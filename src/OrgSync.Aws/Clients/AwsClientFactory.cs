using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SQS;
using OrgSync.Aws.Config;
using OrgSync.Aws.Credentials;
using OrgSync.Aws.Events;
using OrgSync.Aws.Iam;
using OrgSync.Aws.Imagebuilder;
using OrgSync.Aws.Organizations;
using OrgSync.Aws.Queues;
using OrgSync.Aws.Sdk;
using OrgSync.Aws.StepFunctions;

namespace OrgSync.Aws.Clients;

/// <summary>
/// Hands out one client per (service, Region, credentials) and keeps it: SDK clients are
/// thread-safe and expensive to build. Also owns the STS client and the assumed-role credential
/// cache, so member-account clients sign with credentials that refresh themselves.
/// </summary>
public sealed class AwsClientFactory : IDisposable
{
    private readonly AwsClientOptions _options;
    private readonly ConcurrentDictionary<(string Service, string Region, AWSCredentials? Credentials), Lazy<IDisposable>> _clients = new();
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

    /// <summary>The Region OrgSync runs in: <see cref="AwsClientOptions.HomeRegion"/>, <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, else us-east-1.</summary>
    public string HomeRegion =>
        _options.HomeRegion
        ?? NonEmpty(_options.Environment("AWS_REGION"))
        ?? NonEmpty(_options.Environment("AWS_DEFAULT_REGION"))
        ?? "us-east-1";

    /// <summary>Credentials for <paramref name="roleArn"/>, assumed with the home credentials and refreshed before they expire.</summary>
    public AWSCredentials AssumeRole(string roleArn) => AssumedRoles.For(roleArn);

    /// <param name="credentials">Null: the home account's (<see cref="AwsClientOptions.Credentials"/> or the default chain).</param>
    public ConfigServiceClient Config(string region, AWSCredentials? credentials = null) =>
        Get(ServiceEndpoint.Config, region, credentials, _options.ConfigEndpointUrl, () => new ConfigServiceConfig(), (c, config) => new ConfigServiceClient(c, config));

    /// <param name="credentials">Null: the home account's (<see cref="AwsClientOptions.Credentials"/> or the default chain).</param>
    public ImagebuilderClient Imagebuilder(string region, AWSCredentials? credentials = null) =>
        Get(ServiceEndpoint.Imagebuilder, region, credentials, _options.ImagebuilderEndpointUrl, () => new ImagebuilderConfig(), (c, config) => new ImagebuilderClient(c, config));

    /// <summary>Organizations with the home credentials (the management account or a delegated administrator), at the partition's global endpoint.</summary>
    public OrganizationsClient Organizations() =>
        Get(ServiceEndpoint.Organizations, HomeRegion, null, _options.OrganizationsEndpointUrl, () => new OrganizationsConfig(), (c, config) => new OrganizationsClient(c, config));

    /// <summary>IAM at the partition's global endpoint, e.g. with a member account's assumed-role credentials.</summary>
    /// <param name="credentials">Null: the home account's.</param>
    public IamClient Iam(AWSCredentials? credentials) =>
        Get(ServiceEndpoint.Iam, HomeRegion, credentials, _options.IamEndpointUrl, () => new IamConfig(), (c, config) => new IamClient(c, config));

    /// <param name="credentials">Null: the home account's.</param>
    public EventBridgeClient Events(string region, AWSCredentials? credentials = null) =>
        Get(ServiceEndpoint.EventBridge, region, credentials, _options.EventBridgeEndpointUrl, () => new EventBridgeConfig(), (c, config) => new EventBridgeClient(c, config));

    /// <param name="credentials">Null: the home account's.</param>
    public StepFunctionsClient StepFunctions(string region, AWSCredentials? credentials = null) =>
        Get(ServiceEndpoint.StepFunctions, region, credentials, _options.StepFunctionsEndpointUrl, () => new StepFunctionsConfig(), (c, config) => new StepFunctionsClient(c, config));

    /// <summary>Sends to SQS queues in <paramref name="region"/> (AWSSDK.SQS underneath).</summary>
    /// <param name="credentials">Null: the home account's.</param>
    public QueueSender Sqs(string region, AWSCredentials? credentials = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        credentials ??= _options.Credentials;
        var lazy = _clients.GetOrAdd(
            (ServiceEndpoint.Sqs.ServiceId, region, credentials),
            key => new Lazy<IDisposable>(() =>
            {
                var config = new AmazonSQSConfig();
                Point(config, ServiceEndpoint.Sqs, key.Region, _options.SqsEndpointUrl);
                return new QueueSender(new SqsClient(key.Credentials, config));
            }));
        return (QueueSender)lazy.Value;
    }

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

    /// <param name="region">The caller's Region; a global service is signed for its partition's Region instead.</param>
    private TClient Get<TConfig, TClient>(
        ServiceEndpoint service,
        string region,
        AWSCredentials? credentials,
        string? serviceEndpointUrl,
        Func<TConfig> newConfig,
        Func<AWSCredentials?, TConfig, TClient> newClient)
        where TConfig : OrgSyncClientConfig
        where TClient : OrgSyncServiceClient
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        credentials ??= _options.Credentials;
        var signingRegion = service.SigningRegion(region);
        var lazy = _clients.GetOrAdd(
            (service.ServiceId, signingRegion, credentials),
            key => new Lazy<IDisposable>(() =>
            {
                var config = newConfig();
                ApplyCommon(config);
                config.ForRegion(key.Region, service.Override(serviceEndpointUrl ?? _options.EndpointUrl, _options.Environment));
                return newClient(key.Credentials, config);
            }));
        return (TClient)lazy.Value;
    }

    /// <summary>Points an SDK-generated client's config (STS, SQS) at the service, signed for <paramref name="region"/>: the override, else the Region's endpoint.</summary>
    private void Point(ClientConfig config, ServiceEndpoint service, string region, string? serviceEndpointUrl)
    {
        ApplyCommon(config);
        if (service.Override(serviceEndpointUrl ?? _options.EndpointUrl, _options.Environment) is { } url)
        {
            config.ServiceURL = url;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        config.AuthenticationRegion = region;
    }

    private StsClient CreateSts()
    {
        var config = new AmazonSecurityTokenServiceConfig();
        Point(config, ServiceEndpoint.Sts, _options.StsRegion ?? HomeRegion, _options.StsEndpointUrl);
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

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
