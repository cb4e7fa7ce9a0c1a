using System.Collections.Concurrent;
using System.Diagnostics;
using OrgSync.Functions.Tests.Support;
using OrgSync.Tests.Shared;

namespace OrgSync.Functions.Tests.Bootstrap;

/// <summary>
/// The Lambda package exactly as the SAM build makes it: <c>dotnet publish src/OrgSync.Functions -c
/// Release -o artifacts/functions-bootstrap</c> (Native AOT), once per test run. The folder is emptied first, so it
/// holds only what this publish made; obj/ is kept, so a second run without changes skips the native compile.
/// </summary>
public sealed class PublishedBootstrap : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(RepoPaths.Root, "artifacts", "functions-bootstrap");

    public string Executable => Path.Combine(Folder, "bootstrap");

    /// <summary>What <c>dotnet publish</c> printed (warnings would be errors, so it printed none).</summary>
    public string PublishOutput { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        var publish = await NodeTools.RunAsync(
            "dotnet",
            ["publish", "src/OrgSync.Functions", "-c", "Release", "-o", Folder, "--disable-build-servers", "-nologo"],
            RepoPaths.Root,
            TimeSpan.FromMinutes(10));
        PublishOutput = publish.Output;
        if (publish.ExitCode != 0 || !File.Exists(Executable))
        {
            throw new InvalidOperationException($"dotnet publish of the bootstrap failed ({publish.ExitCode}):\n{publish.Output}");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class PublishedBootstrapCollection : ICollectionFixture<PublishedBootstrap>
{
    public const string Name = "published bootstrap";
}

/// <summary>The published <c>bootstrap</c> running as a child process, with only the environment a test gives it.</summary>
public sealed class BootstrapProcess : IDisposable
{
    /// <summary>The <c>POWERTOOLS_SERVICE_NAME</c> of <see cref="LambdaEnvironment"/>: every log and EMF line carries it.</summary>
    public const string Service = "orgsync-e2e";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private BootstrapProcess(Process process)
    {
        _process = process;
    }

    public IReadOnlyList<string> Stdout => _stdout.ToArray();

    public IReadOnlyList<string> Stderr => _stderr.ToArray();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What Lambda sets for a function with these role credentials (and nothing of the test runner's), logging at Debug.</summary>
    public static Dictionary<string, string> LambdaEnvironment(
        FakeRuntimeApi api, string handler, string targetsFile, string accessKeyId, string secretAccessKey, string sessionToken) => new()
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
        ["AWS_ACCESS_KEY_ID"] = accessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = secretAccessKey,
        ["AWS_SESSION_TOKEN"] = sessionToken,
    };

    public static BootstrapProcess Start(string executable, IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(executable)!,
        };
        // Like Lambda: the function sees its configuration, not the test runner's environment.
        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var child = new BootstrapProcess(process);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                child._stdout.Enqueue(line.Data);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                child._stderr.Enqueue(line.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the process to exit and for its output to be drained.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>
    /// Ends the process the way Lambda ends an execution environment (SIGKILL), then waits until its output is
    /// drained, so that <see cref="Stdout"/> holds every line it wrote.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await WaitForExitAsync(timeout);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
