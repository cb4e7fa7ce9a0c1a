using System.CommandLine;
using Microsoft.Extensions.Logging;
using OrgSync.Cli.Local;
using OrgSync.Core.Targets;
using OrgSync.Emulator.State;
using OrgSync.Local.Inputs;
using OrgSync.Local.Reconcile;
using OrgSync.Pipeline.Reconcile;
using Spectre.Console;

namespace OrgSync.Cli.Reconcile;

/// <summary>
/// <c>orgsync reconcile --targets FILE [--state FILE | --endpoint URL] [--apply] [--out FILE] [--summary FILE]</c>
/// (SPEC §4, §6): converge every target to the organization — or, without <c>--apply</c>, only report the drift.
/// Exit 0 when the pass completed, whatever the drift; <see cref="ExitFailed"/> when it could not run or some target
/// (or channel check) could not be reconciled; <see cref="CliApp.ExitUsage"/> for bad arguments or files.
/// </summary>
internal static class ReconcileCommand
{
    /// <summary>The pass ran but failed: the organization could not be listed, or a target could not be read or written.</summary>
    public const int ExitFailed = 3;

    /// <summary>Writing <c>--out</c> or <c>--summary</c> failed (as in <c>local</c>).</summary>
    public const int ExitOutput = 1;

    public static Command Create(CliConsole console)
    {
        var targets = new Option<string>("--targets") { Description = "Targets file (SPEC §2).", Required = true, HelpName = "FILE" };
        var state = new Option<string?>("--state") { Description = "Against the embedded emulator seeded from this state file (SPEC §5); the file itself is never written.", HelpName = "FILE" };
        var endpoint = CommandInputs.Endpoint("Against an AWS-compatible endpoint (every service at this URL) instead of AWS; credentials from the default chain.");
        var apply = new Option<bool>("--apply") { Description = "Write what drifted. Without it the pass only reports the drift and writes nothing." };
        var output = new Option<string?>("--out") { Description = "Write the emulator's final state here (state-file format); needs --state.", HelpName = "FILE" };
        var summary = new Option<string?>("--summary") { Description = "Write the pass's summary here (JSON: targets with missing, stale, foreign, deferred, blocked, written; apiCalls with --state).", HelpName = "FILE" };
        var ledger = new Option<string?>("--ledger") { Description = "The membership ledger and write journal in this folder (as `local --ledger`): what OrgSync recorded decides stale against foreign, events newer than the listing win, and the weekly budget counts its writes. Default: fresh, in memory.", HelpName = "DIR" };
        var verbose = new Option<bool>("--verbose") { Description = "Print the pass's log lines on stderr." };

        var command = new Command(
            "reconcile",
            "Converge every target to the organization (SPEC §6): members in scope minus excludeAccounts are added, stale accounts removed (removeOnLeave), foreign ones reported (removed with pruneForeignAccounts). "
            + "With --apply, each member's delivery channels (reconcile.channels) are checked right here, through the same pipeline the SQS function runs, instead of through the queue. "
            + "Exit 0 when the pass completed whatever the drift, 3 when it failed (organization or a target unreadable or unwritable, channel checks not sent); a failed channel check is one account's outcome, listed in the report, 2 for bad arguments or files.")
        {
            targets, state, endpoint, apply, output, summary, ledger, verbose,
        };
        CommandInputs.StateOrEndpoint(command, state, endpoint);
        command.Validators.Add(result =>
        {
            if (result.GetValue(output) is not null && result.GetValue(state) is null)
            {
                result.AddError("--out needs --state: only the embedded emulator has a final state to write.");
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(
            console,
            new ReconcileRequest(
                parse.GetValue(targets)!, parse.GetValue(state), parse.GetValue(endpoint), parse.GetValue(apply),
                parse.GetValue(output), parse.GetValue(summary), parse.GetValue(ledger), parse.GetValue(verbose)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, ReconcileRequest request, CancellationToken cancellationToken)
    {
        TargetsFile targets;
        EmulatorState? state;
        try
        {
            targets = RunFiles.LoadTargets(request.Targets);
            state = request.State is null ? null : RunFiles.LoadState(request.State);
        }
        catch (InputException exception)
        {
            return await CommandInputs.RejectAsync(console, "reconcile", exception);
        }

        if (request.Apply && request.State is null)
        {
            // The deployment's lease and ledger live in its DynamoDB tables, which this command does not use.
            await console.Error.WriteLineAsync(
                "orgsync reconcile: warning: --apply writes with a lease and ledger on this machine, not the deployment's: "
                + "a scheduled pass may run at the same time, and an event the deployment recorded during the listing is not seen. "
                + "Against a deployed organization, prefer invoking its ReconcileFunction (see the README).");
        }

        using var logs = new StderrLoggerProvider(console.Error, request.Verbose ? LogLevel.Debug : LogLevel.None);
        ReconcileRunResult result;
        try
        {
            result = await ReconcileRunner.RunAsync(
                new ReconcileRunOptions
                {
                    Targets = targets,
                    State = state,
                    Endpoint = request.Endpoint,
                    Apply = request.Apply,
                    LedgerFolder = request.Ledger,
                    LoggerFactory = logs,
                },
                cancellationToken);
        }
        catch (InputException exception)
        {
            // The --ledger folder cannot be used.
            return await CommandInputs.RejectAsync(console, "reconcile", exception);
        }

        var written = new List<string>();
        try
        {
            if (request.Out is { } outPath && result.StateAfter is { } after)
            {
                await File.WriteAllTextAsync(outPath, after + Environment.NewLine, cancellationToken);
                written.Add($"final state written to {outPath}");
            }

            if (request.Summary is { } summaryPath)
            {
                await File.WriteAllTextAsync(summaryPath, ReconcileSummary.ToJson(result.Outcome, result.ApiCalls) + Environment.NewLine, cancellationToken);
                written.Add($"summary written to {summaryPath}");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync("orgsync reconcile: " + exception.Message);
            return ExitOutput;
        }

        var ansi = ReportConsole.Create(console);
        ansi.MarkupLine(Markup.Escape($"Against: {request.Describe()}"));
        DriftTableView.Render(ansi, result.Outcome, result.ChannelChecks, queued: false);
        foreach (var line in written)
        {
            ansi.MarkupLine(Markup.Escape(line));
        }

        if (!result.Outcome.Succeeded)
        {
            await console.Error.WriteLineAsync("orgsync reconcile: the pass failed: " + FailureOf(result.Outcome));
            return ExitFailed;
        }

        return 0;
    }

    /// <summary>The failure in one line; the report above has the details.</summary>
    private static string FailureOf(ReconcileOutcome outcome)
    {
        if (outcome.Failure is { } failure)
        {
            return failure;
        }

        var parts = outcome.Targets.Where(t => t.Failure is not null).Select(t => t.Key + " not reconciled").ToList();
        if (outcome.ChannelChecksFailure is not null)
        {
            parts.Add("channel checks failed");
        }

        return string.Join("; ", parts) + " (see the report)";
    }
}

/// <summary>The parsed options of one <c>reconcile</c> run.</summary>
internal sealed record ReconcileRequest(string Targets, string? State, string? Endpoint, bool Apply, string? Out, string? Summary, string? Ledger, bool Verbose)
{
    public string Describe() =>
        (State is not null ? $"the embedded emulator seeded from {State}" : Endpoint is not null ? $"the endpoint {Endpoint}" : "AWS (default credential chain)")
        + $", targets {Targets}" + (Ledger is null ? string.Empty : $", ledger {Ledger}");
}
