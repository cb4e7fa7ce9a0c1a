using System.Text.Json;
using OrgSync.Functions.Tests.Support;

namespace OrgSync.Functions.Tests.Bootstrap;

/// <summary>
/// The published package (Native AOT) as Lambda runs it: a child process against a Runtime
/// API. Its shape, and the init errors that stop it before it takes an invocation. The invocations themselves:
/// <see cref="SqsFunctionTests"/>, <see cref="EventBridgeFunctionTests"/>, <see cref="DynamoDbStorageTests"/>.
/// </summary>
[Collection(PublishedBootstrapCollection.Name)]
public sealed class PublishedBootstrapTests(PublishedBootstrap package) : IDisposable
{
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLEexampleEXAMPLEexampleEXAMPLEexampleEXAMPLEexampleEXAMPLEexampleEXAMPLEexample0123456789";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("orgsync-bootstrap-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_package_is_one_Native_AOT_executable_for_x86_64_without_debug_symbols()
    {
        Assert.DoesNotContain("warning", package.PublishOutput, StringComparison.OrdinalIgnoreCase);
        // No runtime, no managed assembly, no .pdb, no .dbg: the native debug symbols stay in obj/.
        Assert.Equal(["bootstrap"], Directory.EnumerateFileSystemEntries(package.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(package.Executable).HasFlag(UnixFileMode.UserExecute));

        var image = ElfImage.Read(package.Executable);
        Assert.Equal(ElfImage.MachineX8664, image.Machine);
        Assert.Contains("__managedcode", image.Sections); // the ILCompiler's code section: compiled ahead of time, not an apphost
        Assert.DoesNotContain(image.Sections, section => section.StartsWith(".debug_", StringComparison.Ordinal));
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

        Assert.Equal(1, exitCode);
        using var error = JsonDocument.Parse(report.Body);
        var message = error.RootElement.GetProperty("errorMessage").GetString()!;
        Assert.Contains(targets, message, StringComparison.Ordinal);
        Assert.Contains("aggregators[0].region", message, StringComparison.Ordinal);
        Assert.Equal("Runtime.InvalidTargetsFile", error.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("Runtime.InvalidTargetsFile", report.ErrorTypeHeader);
        Assert.Equal(0, api.NextCalls);
        var transcript = EndToEndExpectations.StdoutIsStructured(function.Stdout, BootstrapProcess.Service, SecretKey, SessionToken);
        Assert.Contains(transcript.Init, line => line.GetProperty("level").GetString() == "FATAL"
            && Transcript.Message(line).Contains("aggregators[0].region", StringComparison.Ordinal));
        Assert.Empty(function.Stderr);
    }

    [Theory]
    [InlineData("_HANDLER", "kinesis", "Runtime.InvalidHandler", "_HANDLER='kinesis'")]
    [InlineData("ORGSYNC_MAX_RECEIVE_COUNT", "five", "Runtime.InvalidConfiguration", "ORGSYNC_MAX_RECEIVE_COUNT='five'")]
    public async Task A_bad_setting_is_reported_as_an_init_error_naming_it_and_the_process_exits(string variable, string value, string errorType, string named)
    {
        var targets = Path.Combine(_folder, "targets.json");
        await File.WriteAllTextAsync(targets, TestData.ValidTargetsJson);
        await using var api = await FakeRuntimeApi.StartAsync();
        var environment = Environment(api, "sqs", targets);
        environment[variable] = value;
        using var function = BootstrapProcess.Start(package.Executable, environment);

        var report = await api.InitError.WaitAsync(Wait);
        var exitCode = await function.WaitForExitAsync(Wait);

        Assert.Equal(1, exitCode);
        using var error = JsonDocument.Parse(report.Body);
        Assert.Contains(named, error.RootElement.GetProperty("errorMessage").GetString()!, StringComparison.Ordinal);
        Assert.Equal(errorType, error.RootElement.GetProperty("errorType").GetString());
        Assert.Equal(errorType, report.ErrorTypeHeader);
        Assert.Equal(0, api.NextCalls);
        var transcript = EndToEndExpectations.StdoutIsStructured(function.Stdout, BootstrapProcess.Service, SecretKey, SessionToken);
        Assert.Contains(transcript.Init, line => line.GetProperty("level").GetString() == "FATAL"
            && Transcript.Message(line).Contains(named, StringComparison.Ordinal));
        Assert.Empty(function.Stderr);
    }

    private static Dictionary<string, string> Environment(FakeRuntimeApi api, string handler, string targetsFile) =>
        BootstrapProcess.LambdaEnvironment(api, handler, targetsFile, "ASIAIOSFODNN7EXAMPLE", SecretKey, SessionToken);
}
