using System.Reflection.PortableExecutable;
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
        await using var api = await FakeRuntimeApi.StartAsync();
        using var function = BootstrapProcess.Start(package.Executable, Environment(api, "sqs", targets));
        var payload = TestData.SqsEvent(
            ("m1", TestData.EventBridgeEnvelope("e1", "222222222222")),
            ("m2", TestData.EventBridgeEnvelope("e2", "333333333333")));

        if (TestData.TargetsLoaderIsStub)
        {
            // Core's loader is still the stub: the function must refuse to start, cleanly.
            var report = await api.InitError.WaitAsync(Wait);
            Assert.Contains("NotImplementedException", report.BodyText, StringComparison.Ordinal);
            Assert.NotEqual(0, await function.WaitForExitAsync(Wait));
            EndToEndExpectations.StdoutIsStructured(function.Stdout, Service, SecretKey, SessionToken);
            return;
        }

        var outcome = await api.Invoke(
            payload, traceHeader: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1").WaitAsync(Wait);

        Assert.False(function.HasExited);
        var lines = EndToEndExpectations.StdoutIsStructured(function.Stdout, Service, SecretKey, SessionToken);
        var sent = JsonSerializer.Deserialize(payload, LambdaJsonContext.Default.SqsEvent)!;
        EndToEndExpectations.SqsBatchAnswered(sent, outcome, lines);
        Assert.Contains(lines, line => line.TryGetProperty("xray_trace_id", out var trace)
            && trace.GetString() == "1-5759e988-bd862e3fe1be46a994272793");
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
