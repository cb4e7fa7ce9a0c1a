using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Credentials;
using OrgSync.Aws.Sdk;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.State;

namespace OrgSync.Aws.Tests.Emulated;

/// <summary>
/// The in-process emulator (port 0) with an <see cref="AwsClientFactory"/> pointed at it through the
/// endpoint override, signing with the emulator's own key unless told otherwise. Every HTTP exchange
/// goes through a <see cref="WireTap"/> so tests can assert on the error codes the clients received.
/// </summary>
internal sealed class EmulatedAws : IAsyncDisposable
{
    private EmulatedAws(AwsEmulator emulator, AwsClientFactory clients, WireTap tap)
    {
        Emulator = emulator;
        Clients = clients;
        Tap = tap;
    }

    public AwsEmulator Emulator { get; }

    public AwsClientFactory Clients { get; }

    public WireTap Tap { get; }

    public static Task<EmulatedAws> StartAsync(string stateJson, EmulatorOptions? options = null, AWSCredentials? credentials = null, TimeProvider? clientTime = null, AssumeRoleSettings? assumeRole = null) =>
        StartAsync(EmulatorState.Parse(stateJson, "test"), options, credentials, clientTime, assumeRole);

    /// <param name="credentials">Null: the emulator's own long-term key.</param>
    /// <param name="clientTime">The assumed-role cache's clock; null: the system clock.</param>
    public static async Task<EmulatedAws> StartAsync(
        EmulatorState state, EmulatorOptions? options = null, AWSCredentials? credentials = null, TimeProvider? clientTime = null, AssumeRoleSettings? assumeRole = null)
    {
        var emulator = await AwsEmulator.StartAsync(state, (options ?? new EmulatorOptions()) with { Port = 0 });
        var tap = new WireTap();
        var clients = new AwsClientFactory(
            new AwsClientOptions
            {
                Credentials = credentials ?? new BasicAWSCredentials(emulator.Credentials.AccessKeyId, emulator.Credentials.SecretAccessKey),
                EndpointUrl = emulator.Endpoint,
                StsRegion = "us-east-1",
                HttpClientFactory = new HandlerHttpClientFactory(tap),
                RequestTimeout = TimeSpan.FromSeconds(10),
                AssumeRole = assumeRole ?? AssumeRoleSettings.Default,
                Environment = _ => null,
            },
            clientTime);
        return new EmulatedAws(emulator, clients, tap);
    }

    /// <summary>The emulator's call counters, without the zeroes.</summary>
    public ImmutableSortedDictionary<string, long> Calls => Emulator.CallCounts;

    public async ValueTask DisposeAsync()
    {
        Clients.Dispose();
        await Emulator.DisposeAsync();
        Tap.Dispose();
    }
}

/// <summary>One HTTP exchange as the client saw it.</summary>
internal sealed record Exchange(string Service, string Region, string Operation, int Status, string? ErrorCode);

/// <summary>A pass-through handler over a real socket handler that records every exchange and its error code.</summary>
internal sealed partial class WireTap() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<Exchange> _exchanges = new();

    public IReadOnlyList<Exchange> Exchanges => [.. _exchanges];

    public IEnumerable<string> ErrorCodes => Exchanges.Select(e => e.ErrorCode).OfType<string>();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : string.Empty;
        var scope = Scope().Match(authorization);
        var (service, region) = scope.Success ? (scope.Groups["service"].Value, scope.Groups["region"].Value) : ("?", "?");
        var operation = service switch
        {
            "config" => request.Headers.TryGetValues("X-Amz-Target", out var target) ? target.First().Split('.')[^1] : "?",
            "imagebuilder" => request.RequestUri!.AbsolutePath.Trim('/'),
            _ => await ActionOf(request, cancellationToken),
        };

        var response = await base.SendAsync(request, cancellationToken);
        string? code = null;
        if ((int)response.StatusCode >= 400)
        {
            if (response.Headers.TryGetValues("X-Amzn-ErrorType", out var type))
            {
                code = type.First();
            }
            else
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                code = StsCode().Match(body) is { Success: true } match ? match.Groups[1].Value : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        _exchanges.Enqueue(new Exchange(service, region, operation, (int)response.StatusCode, code));
        return response;
    }

    private static async Task<string> ActionOf(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is null)
        {
            return "?";
        }

        await request.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await request.Content.ReadAsStringAsync(cancellationToken);
        return StsAction().Match(body) is { Success: true } match ? match.Groups[1].Value : "?";
    }

    [GeneratedRegex(@"Credential=[^/]+/\d{8}/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request")]
    private static partial Regex Scope();

    [GeneratedRegex(@"<Code>([^<]+)</Code>")]
    private static partial Regex StsCode();

    [GeneratedRegex(@"(?:^|&)Action=([A-Za-z]+)")]
    private static partial Regex StsAction();
}
