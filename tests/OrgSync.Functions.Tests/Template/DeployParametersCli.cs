using OrgSync.Cli;

namespace OrgSync.Functions.Tests.Template;

/// <summary><c>orgsync</c> in-process with captured output.</summary>
internal static class DeployParametersCli
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, OutIsTerminal: false, ErrorIsTerminal: false));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
