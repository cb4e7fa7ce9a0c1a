using OrgSync.Cli;

namespace OrgSync.Local.Tests.Support;

internal sealed record CliRun(int ExitCode, string Stdout, string Stderr);

/// <summary>The <c>orgsync</c> command line in-process, with captured output (not a terminal: no colour).</summary>
internal static class OrgSyncCli
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, OutIsTerminal: false, ErrorIsTerminal: false));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
