using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.Protocols;
using OrgSync.Emulator.Signing;
using OrgSync.Emulator.State;
using OrgSync.Emulator.Sts;

namespace OrgSync.Emulator.Hosting;

/// <summary>The long-term key the emulator accepts, and the account it acts on.</summary>
public sealed record EmulatorCredentials(string AccessKeyId, string SecretAccessKey, string AccountId);

/// <summary>
/// A strict local emulator of AWS Config (awsJson1_1), EC2 Image Builder (restJson1), STS (query),
/// EventBridge PutEvents (awsJson1_1) and Step Functions task callbacks (awsJson1_0) on one loopback port. Official AWS SDKs work against it unchanged: point their endpoint at
/// <see cref="BaseAddress"/> and sign with <see cref="Credentials"/>; the service and Region are read
/// from the SigV4 credential scope. Dispose (or <see cref="StopAsync"/>) to stop it.
/// </summary>
public sealed class AwsEmulator : IAsyncDisposable
{
    /// <summary>The CLI's default port (LocalStack owns 4566; moto's server 5000).</summary>
    public const int DefaultPort = 4599;

    private readonly WebApplication _app;
    private readonly CallCounters _counters;
    private readonly FaultInjector _faults;
    private readonly RequestPipeline _pipeline;
    private int _stopped;

    private AwsEmulator(WebApplication app, EmulatorState state, Uri baseAddress, CallCounters counters, FaultInjector faults, RequestPipeline pipeline)
    {
        _app = app;
        State = state;
        BaseAddress = baseAddress;
        _counters = counters;
        _faults = faults;
        _pipeline = pipeline;
        Credentials = new EmulatorCredentials(state.AccessKeyId, state.SecretAccessKey, state.AccountId);
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>: the endpoint for every emulated service.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The endpoint without the trailing slash, as <c>AWS_ENDPOINT_URL</c> takes it.</summary>
    public string Endpoint => BaseAddress.GetLeftPart(UriPartial.Authority);

    public EmulatorCredentials Credentials { get; }

    /// <summary>The live state (thread-safe); <see cref="ExportState"/> for the state-file text.</summary>
    public EmulatorState State { get; }

    public FaultSettings Faults
    {
        get => _faults.Settings;
        set => _faults.Settings = value ?? FaultSettings.None;
    }

    public TimeSpan Latency
    {
        get => _pipeline.Latency;
        set => _pipeline.Latency = value < TimeSpan.Zero ? TimeSpan.Zero : value;
    }

    /// <summary>Calls received so far by <c>service.Operation</c>, faulted and failed ones included.</summary>
    public ImmutableSortedDictionary<string, long> CallCounts => _counters.Snapshot();

    public long CallCount(string serviceDotOperation) => _counters.Get(serviceDotOperation);

    public void ResetCallCounts() => _counters.Reset();

    public string ExportState() => State.Export();

    public static async Task<AwsEmulator> StartAsync(EmulatorState state, EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        options ??= new EmulatorOptions();
        var credentials = new CredentialStore();
        credentials.Add(new KnownCredential(state.AccessKeyId, state.SecretAccessKey, null, null, StsHandler.LongTermIdentity(state.AccountId)));
        var counters = new CallCounters();
        var faults = new FaultInjector(options.Seed) { Settings = options.Faults };

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestPipeline.MaxBodyBytes + 1;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        var pipeline = new RequestPipeline(state, credentials, options.TimeProvider, faults, counters) { Latency = options.Latency };
        app.Run(pipeline.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"the emulator cannot listen on 127.0.0.1:{options.Port}: {ex.Message}", ex);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AwsEmulator(app, state, new Uri(address.TrimEnd('/') + "/"), counters, faults, pipeline);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(cancellationToken);
            await _app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Environment variables that point an AWS SDK or the AWS CLI at this emulator.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables(string region = "us-east-1") => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL"] = Endpoint,
        ["AWS_ACCESS_KEY_ID"] = Credentials.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = Credentials.SecretAccessKey,
        ["AWS_REGION"] = region,
        ["AWS_DEFAULT_REGION"] = region,
    };
}
