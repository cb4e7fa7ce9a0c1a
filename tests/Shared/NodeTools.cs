using System.Diagnostics;

namespace OrgSync.Tests.Shared;

/// <summary>
/// The npm tools under <c>tests/</c> (dynalite, AWS SDK for JavaScript v3, ajv). `.ci/run` installs
/// them with `npm ci`; when a developer runs `dotnet test` on a fresh clone they are installed on
/// first use. Test assemblies run in parallel, so the install is guarded by a cross-process file lock.
/// </summary>
internal static class NodeTools
{
    private static readonly SemaphoreSlim InProcess = new(1, 1);

    public static string NodeModules => Path.Combine(RepoPaths.Tests, "node_modules");

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        await InProcess.WaitAsync(cancellationToken);
        try
        {
            if (IsInstalled())
            {
                return;
            }

            using var fileLock = await AcquireFileLockAsync(cancellationToken);
            if (IsInstalled())
            {
                return;
            }

            var npm = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], RepoPaths.Tests, TimeSpan.FromMinutes(10), cancellationToken: cancellationToken);
            if (npm.ExitCode != 0 || !IsInstalled())
            {
                throw new InvalidOperationException($"npm ci in {RepoPaths.Tests} failed ({npm.ExitCode}):\n{npm.Output}");
            }
        }
        finally
        {
            InProcess.Release();
        }
    }

    /// <summary>
    /// Runs a process to completion. <paramref name="environment"/> adds or replaces variables of this
    /// process's environment; a null value removes one.
    /// </summary>
    public static async Task<ProcessOutcome> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start " + fileName);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return new ProcessOutcome(process.ExitCode, await stdout, await stderr);
    }

    // The lock file lives in node_modules' parent so that `npm ci` (which deletes node_modules) leaves it alone.
    private static bool IsInstalled() =>
        File.Exists(Path.Combine(NodeModules, ".package-lock.json"))
        && File.GetLastWriteTimeUtc(Path.Combine(NodeModules, ".package-lock.json")) >= File.GetLastWriteTimeUtc(Path.Combine(RepoPaths.Tests, "package-lock.json"));

    private static async Task<FileStream> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(RepoPaths.Tests, ".npm-install.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }
}

/// <summary>How a process ended: its exit code and what it wrote on each stream.</summary>
internal sealed record ProcessOutcome(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Both streams, stdout first, for failure messages.</summary>
    public string Output => Stdout + Stderr;
}
