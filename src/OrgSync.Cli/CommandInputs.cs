using System.CommandLine;
using OrgSync.Local.Inputs;

namespace OrgSync.Cli;

/// <summary>What the commands take alike (SPEC §4): <c>--events</c>, <c>--endpoint</c>, and how a bad input ends the command.</summary>
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

    /// <summary><c>--endpoint URL</c>: an http(s) URL for every service, instead of AWS.</summary>
    public static Option<string?> Endpoint(string description)
    {
        var endpoint = new Option<string?>("--endpoint") { Description = description, HelpName = "URL" };
        endpoint.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                result.AddError($"--endpoint '{url}' is not an http(s) URL.");
            }
        });
        return endpoint;
    }

    /// <summary><c>--state</c> (the embedded emulator) and <c>--endpoint</c> name where to read from: one or neither.</summary>
    public static void StateOrEndpoint(Command command, Option<string?> state, Option<string?> endpoint) =>
        command.Validators.Add(result =>
        {
            if (result.GetValue(state) is not null && result.GetValue(endpoint) is not null)
            {
                result.AddError("--state and --endpoint are alternatives: give one or neither.");
            }
        });

    /// <summary>A bad input (file, folder, option value): its message on stderr, naming the command, and <see cref="CliApp.ExitUsage"/>.</summary>
    public static async Task<int> RejectAsync(CliConsole console, string command, InputException exception)
    {
        await console.Error.WriteLineAsync($"orgsync {command}: {exception.Message}");
        return CliApp.ExitUsage;
    }
}
