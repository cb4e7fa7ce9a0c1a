using System.Reflection.PortableExecutable;
using Amazon.Runtime;
using OrgSync.Aws.Clients;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.State;
using System.Text.Json;
using OrgSync.Functions.Tests.Support;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Tests.Bootstrap;

/// <summary>The published package (self-contained, ReadyToRun, trimmed) as Lambda runs it: a child process against a Runtime API.</summary>
[Collection(PublishedBootstrapCollection.Name)]
public sealed class PublishedBootstrapTests(PublishedBootstrap package) : IDisposable
{
    private const string Service = "orgsync-e2e";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLEexampleEXAMPLEexampleEXAMPLEexampleEXAMPLEexampleEXAMPLEexampleEXAMPLEexample0123456789";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("orgsync-bootstrap-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_package_is_a_self_contained_ReadyToRun_executable_with_invariant_globalization()
    {
        Assert.True(File.Exists(package.Executable));
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(package.Executable).HasFlag(UnixFileMode.UserExecute));
        Assert.True(File.Exists(Path.Combine(package.Folder, "libcoreclr.so")), "the runtime is in the package");
        Assert.DoesNotContain("warning", package.PublishOutput, StringComparison.OrdinalIgnoreCase);

        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Folder, "bootstrap.runtimeconfig.json")));
        var options = runtimeConfig.RootElement.GetProperty("runtimeOptions");
        Assert.True(options.TryGetProperty("includedFrameworks", out _), "self-contained");
        Assert.True(options.GetProperty("configProperties").GetProperty("System.Globalization.Invariant").GetBoolean());
        Assert.False(options.GetProperty("configProperties").GetProperty("System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault").GetBoolean());

        // Composite ReadyToRun: the app and the framework precompiled into one image, each assembly pointing at it.
        Assert.True(File.Exists(Path.Combine(package.Folder, "bootstrap.r2r.dll")), "the composite R2R image is in the package");
        using var assembly = new PEReader(File.OpenRead(Path.Combine(package.Folder, "bootstrap.dll")));
        Assert.True(assembly.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "bootstrap.dll is ReadyToRun");
    }

    [Fact]
    public async Task A_bad_targets_file_is_reported_as_an_init_error_naming_the_JSON_path_and_the_process_exits()
    {
        var targets = Path.Combine(_folder, "targets.json");
        await File.WriteAllTextAsync(targets, TestData.TargetsWithBadRegion);
        await using var api = await FakeRuntimeApi.StartAsync();
        using var function = BootstrapProcess.Start(package.Executable, Environment(api, "sqs", targets));

        var report = await api.InitError.WaitAsync(Wait);
        var exitCode = await function.WaitForExitAsync(Wait);

        Assert.NotEqual(0, exitCode);
        using var error = JsonDocument.Parse(report.Body);
        var message = error.RootElement.GetProperty("errorMessage").GetString()!;
        Assert.Contains(targets, message, StringComparison.Ordinal);
        if (!TestData.TargetsLoaderIsStub)
        {
            Assert.Contains("aggregators[0].region", message, StringComparison.Ordinal);
        }

        Assert.Equal("Runtime.InvalidTargetsFile", report.ErrorTypeHeader);
        Assert.Equal(0, api.NextCalls);
        var lines = EndToEndExpectations.StdoutIsStructured(function.Stdout, Service, SecretKey, SessionToken);
        Assert.Contains(lines, line => line.GetProperty("level").GetString() == "Critical"
            && line.GetProperty("message").GetString()!.Contains(targets, StringComparison.Ordinal));
        Assert.Empty(function.Stderr);
    }

    [Fact]
    public async Task An_SQS_batch_goes_through_the_function_and_the_response_arrives()
    {
        var targets = Path.Combine(_folder, "targets.json");
        await File.WriteAllTextAsync(targets, TestData.ValidTargetsJson);
        await using var aws = await AwsEmulator.StartAsync(EmulatorState.Parse(AggregatorState, "test"), new EmulatorOptions { Port = 0 });
        var session = await TemporaryCredentialsAsync(aws);
        await using var api = await FakeRuntimeApi.StartAsync();
        var environment = Environment(api, "sqs", targets);
        environment["AWS_ENDPOINT_URL"] = aws.Endpoint;
        environment["AWS_ACCESS_KEY_ID"] = session.AccessKey;
        environment["AWS_SECRET_ACCESS_KEY"] = session.SecretKey;
        environment["AWS_SESSION_TOKEN"] = session.Token;
        using var function = BootstrapProcess.Start(package.Executable, environment);
        var payload = TestData.SqsEvent(
            ("m1", TestData.EventBridgeEnvelope("e1", "222222222222")),
            ("m2", TestData.EventBridgeEnvelope("e2", "333333333333")),
            ("m3", "not an event"));

        if (TestData.TargetsLoaderIsStub)
        {
            // Core's loader is still the stub: the function must refuse to start, cleanly.
            var report = await api.InitError.WaitAsync(Wait);
            Assert.Contains("NotImplementedException", report.BodyText, StringComparison.Ordinal);
            Assert.NotEqual(0, await function.WaitForExitAsync(Wait));
            EndToEndExpectations.StdoutIsStructured(function.Stdout, Service, session.SecretKey, session.Token);
            return;
        }

        var outcome = await api.Invoke(
            payload, traceHeader: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1").WaitAsync(Wait);

        Assert.False(function.HasExited);
        var lines = EndToEndExpectations.StdoutIsStructured(function.Stdout, Service, session.SecretKey, session.Token);
        var sent = JsonSerializer.Deserialize(payload, LambdaJsonContext.Default.SqsEvent)!;
        EndToEndExpectations.SqsBatchAnswered(sent, outcome, lines, expectedFailures: ["m3"]);
        Assert.Contains(lines, line => line.TryGetProperty("xray_trace_id", out var trace)
            && trace.GetString() == "1-5759e988-bd862e3fe1be46a994272793");

        // The two closed accounts left the aggregator in one write; the invalid body changed nothing.
        Assert.Equal(1, aws.CallCount("config.PutConfigurationAggregator"));
        using var state = JsonDocument.Parse(aws.ExportState());
        var accounts = state.RootElement.GetProperty("configurationAggregators")[0].GetProperty("AccountAggregationSources")[0].GetProperty("AccountIds");
        Assert.Equal(["444444444444"], accounts.EnumerateArray().Select(a => a.GetString()));
    }

    /// <summary>The aggregator of <see cref="TestData.ValidTargetsJson"/>, holding the accounts the test closes.</summary>
    private const string AggregatorState = """
        {
          "accountId": "111111111111",
          "configurationAggregators": [
            { "accountId": "111111111111", "region": "us-east-1", "ConfigurationAggregatorName": "org-aggregator",
              "AccountAggregationSources": [ { "AccountIds": ["222222222222", "333333333333", "444444444444"], "AllAwsRegions": true } ] } ]
        }
        """;

    /// <summary>Session credentials issued by the emulator, as Lambda gives a function (key, secret and session token).</summary>
    private static async Task<ImmutableCredentials> TemporaryCredentialsAsync(AwsEmulator aws)
    {
        using var clients = new AwsClientFactory(new AwsClientOptions
        {
            Credentials = new BasicAWSCredentials(aws.Credentials.AccessKeyId, aws.Credentials.SecretAccessKey),
            EndpointUrl = aws.Endpoint,
            Environment = _ => null,
        });
        return await clients.AssumeRole("arn:aws:iam::111111111111:role/orgsync-sqs").GetCredentialsAsync();
    }

    private static Dictionary<string, string> Environment(FakeRuntimeApi api, string handler, string targetsFile) => new()
    {
        ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
        ["_HANDLER"] = handler,
        ["ORGSYNC_TARGETS_FILE"] = targetsFile,
        ["POWERTOOLS_SERVICE_NAME"] = Service,
        ["POWERTOOLS_LOG_LEVEL"] = "Debug",
        ["AWS_LAMBDA_FUNCTION_NAME"] = "orgsync-" + handler,
        ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
        ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "ASIAIOSFODNN7EXAMPLE",
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_SESSION_TOKEN"] = SessionToken,
    };
}
