using System.CommandLine;
using OrgSync.Local.Inputs;

namespace OrgSync.Cli;

/// <summary>What <c>local</c> and <c>plan</c> take alike (SPEC §4): <c>--events</c>, and how a bad input ends the command.</summary>
internal static class CommandInputs
{
    private const string EventsDescription =
        "A file or folder of events (its *.json in name order); repeatable, in order. A JSON array file gives one message per element.";

    /// <param name="more">What the command adds to the description (its default, when it has one).</param>
    public static Option<string[]> Events(bool required, string? more = null) => new("--events")
    {
        Description = more is null ? EventsDescription : EventsDescription + " " + more,
        Required = required,
        HelpName = "PATH",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>A bad input (file, folder, option value): its message on stderr, naming the command, and <see cref="CliApp.ExitUsage"/>.</summary>
    public static async Task<int> RejectAsync(CliConsole console, string command, InputException exception)
    {
        await console.Error.WriteLineAsync($"orgsync {command}: {exception.Message}");
        return CliApp.ExitUsage;
    }
}
