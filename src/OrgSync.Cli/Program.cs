using System.CommandLine;
using OrgSync.Cli;
using OrgSync.Cli.Emulator;
using OrgSync.Cli.Local;
using OrgSync.Cli.Plan;
using OrgSync.Cli.Reconcile;

return await CliApp.RunAsync(args, CliConsole.System);

namespace OrgSync.Cli
{
    /// <summary>Where a command writes: stdout for results, stderr for progress, diagnostics and errors.</summary>
    /// <param name="OutIsTerminal">Colour and live progress only when the stream is a terminal.</param>
    public sealed record CliConsole(TextWriter Out, TextWriter Error, bool OutIsTerminal, bool ErrorIsTerminal)
    {
        public static CliConsole System => new(Console.Out, Console.Error, !Console.IsOutputRedirected, !Console.IsErrorRedirected);
    }

    /// <summary>The <c>orgsync</c> command line; tests run it in-process with their own writers.</summary>
    public static class CliApp
    {
        /// <summary>Bad arguments, or a bad targets, state or events file.</summary>
        public const int ExitUsage = 2;

        public static RootCommand Build(CliConsole console) =>
            new("OrgSync: keep AWS Config aggregators, Image Builder distributions and delivery channels in step with your organization's accounts.")
            {
                LocalCommand.Create(console),
                PlanCommand.Create(console),
                ReconcileCommand.Create(console),
                EmulatorCommand.Create(),
                DeployParameters.DeployParametersCommand.Create(console),
            };

        public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(console);
            var parse = Build(console).Parse(args);
            if (parse.Errors.Count > 0)
            {
                // The parser's own messages are clear; one per line, then where to look, and a distinct exit code.
                foreach (var error in parse.Errors)
                {
                    await console.Error.WriteLineAsync("orgsync: " + error.Message);
                }

                var command = parse.CommandResult.Command is RootCommand ? string.Empty : parse.CommandResult.Command.Name + " ";
                await console.Error.WriteLineAsync($"Run 'orgsync {command}--help' for usage.");
                return ExitUsage;
            }

            return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken);
        }
    }
}
