using System.Collections.Immutable;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using OrgSync.Core.Targets;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.State;
using OrgSync.Local.Inputs;
using OrgSync.Local.Report;
using OrgSync.Local.Running;
using OrgSync.Local.Sample;

namespace OrgSync.Cli.Local;

/// <summary>
/// <c>orgsync local</c> (SPEC §4): the whole pipeline on this machine against the embedded emulator.
/// With no <c>--targets</c>/<c>--state</c> it runs the bundled sample organization (and, without
/// <c>--events</c>, the bundled sample events), and always prints the before/after report.
/// </summary>
internal static class LocalCommand
{
    public static Command Create(CliConsole console)
    {
        var targets = new Option<string?>("--targets") { Description = "Targets file (SPEC §2). Default: the bundled sample organization (with --state).", HelpName = "FILE" };
        var state = new Option<string?>("--state") { Description = "Emulator state to start from (SPEC §5). Default: the bundled sample organization (with --targets).", HelpName = "FILE" };
        var events = CommandInputs.Events(required: false, "Default with the sample organization: the bundled events/ samples.");
        var output = new Option<string?>("--out") { Description = "Write the emulator's final state here (state-file format).", HelpName = "FILE" };
        var summary = new Option<string?>("--summary") { Description = "Write the run's summary here (JSON: messages, succeeded, deadLettered, ignored, apiCalls, …).", HelpName = "FILE" };
        var batchSize = Positive(new Option<int>("--batch-size") { Description = "Messages per batch (the event source mapping's BatchSize).", DefaultValueFactory = _ => 10, HelpName = "N" });
        var concurrency = Positive(new Option<int>("--concurrency") { Description = "Consumers receiving batches in parallel (concurrent invocations).", DefaultValueFactory = _ => 1, HelpName = "N" });
        var maxReceiveCount = Positive(new Option<int>("--max-receive-count") { Description = "Deliveries of a failing message before it is dead-lettered (the redrive policy).", DefaultValueFactory = _ => 3, HelpName = "N" });
        var latency = new Option<int>("--latency-ms") { Description = "Every emulated AWS API call takes this many milliseconds.", DefaultValueFactory = _ => 0, HelpName = "N" };
        latency.Validators.Add(result =>
        {
            if (Converted<int>(result) is < 0)
            {
                result.AddError("--latency-ms must be 0 or more.");
            }
        });
        var faults = new Option<string?>("--faults") { Description = "Per-call fault probabilities, e.g. throttle=0.2,error=0.1,lost-response=0.05.", HelpName = "SPEC" };
        faults.Validators.Add(result =>
        {
            if (!FaultSettings.TryParse(result.GetValueOrDefault<string?>(), out _, out var error))
            {
                result.AddError("--faults: " + error);
            }
        });
        var seed = new Option<int?>("--seed") { Description = "Seed of the injected faults and retry jitter: the same seed repeats a run (with --concurrency 1). Default: random, printed in the report.", HelpName = "N" };
        var ledger = new Option<string?>("--ledger") { Description = "Keep the membership ledger in this folder across runs. Default: a fresh in-memory ledger per run.", HelpName = "DIR" };
        var verbose = new Option<bool>("--verbose") { Description = "Print the pipeline's log lines (per message, per target, per retry) on stderr." };
        var reconcile = new Option<bool>("--reconcile")
        {
            Description = "Once the queue has drained, run one reconcile pass (SPEC §6, applied), send its channel checks onto the queue and drain it again; the summary gets a \"reconcile\" section. Exit 3 when the pass failed.",
        };

        var command = new Command("local", "Run the whole pipeline on this machine: the embedded AWS emulator, an SQS queue and the real SQS handler. With no options: the bundled sample organization and events, with a before/after report.")
        {
            targets, state, events, output, summary, batchSize, concurrency, maxReceiveCount, latency, faults, seed, ledger, verbose, reconcile,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var request = new LocalRequest(
                parse.GetValue(targets),
                parse.GetValue(state),
                [.. parse.GetValue(events) ?? []],
                parse.GetValue(output),
                parse.GetValue(summary),
                parse.GetValue(batchSize),
                parse.GetValue(concurrency),
                parse.GetValue(maxReceiveCount),
                parse.GetValue(latency),
                FaultSettings.Parse(parse.GetValue(faults) ?? string.Empty),
                parse.GetValue(seed),
                parse.GetValue(ledger),
                parse.GetValue(verbose),
                parse.GetValue(reconcile));
            return RunAsync(request, console, cancellationToken);
        });
        return command;
    }

    private static Option<int> Positive(Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (Converted<int>(result) is < 1)
            {
                result.AddError($"{option.Name} must be 1 or more.");
            }
        });
        return option;
    }

    /// <summary>The option's value, or null when it did not convert (the parser reports that itself).</summary>
    private static T? Converted<T>(OptionResult result)
        where T : struct
    {
        try
        {
            return result.GetValueOrDefault<T>();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task<int> RunAsync(LocalRequest request, CliConsole console, CancellationToken cancellationToken)
    {
        TargetsFile targets;
        EmulatorState state;
        ImmutableArray<InputMessage> inputs;
        string organization;
        try
        {
            (targets, state, inputs, organization) = Load(request);
        }
        catch (InputException exception)
        {
            return await CommandInputs.RejectAsync(console, "local", exception);
        }

        var seed = request.Seed ?? Random.Shared.Next(1, 100_000);
        using var logs = new StderrLoggerProvider(console.Error, request.Verbose ? Microsoft.Extensions.Logging.LogLevel.Debug : Microsoft.Extensions.Logging.LogLevel.None);
        using var progress = new ProgressLine(console);
        LocalRunResult result;
        try
        {
            result = await LocalRunner.RunAsync(
                new LocalRunOptions
                {
                    Targets = targets,
                    State = state,
                    Inputs = inputs,
                    BatchSize = request.BatchSize,
                    Concurrency = request.Concurrency,
                    MaxReceiveCount = request.MaxReceiveCount,
                    Latency = TimeSpan.FromMilliseconds(request.LatencyMs),
                    Faults = request.Faults,
                    Seed = seed,
                    LedgerFolder = request.Ledger,
                    Progress = request.Verbose ? null : progress,
                    LoggerFactory = logs,
                    Reconcile = request.Reconcile,
                },
                cancellationToken);
        }
        catch (InputException exception)
        {
            // The --ledger folder cannot be used.
            return await CommandInputs.RejectAsync(console, "local", exception);
        }

        progress.Finish();
        var written = new List<string>();
        try
        {
            if (request.Out is { } outPath)
            {
                await File.WriteAllTextAsync(outPath, result.StateAfter + Environment.NewLine, cancellationToken);
                written.Add($"final state written to {outPath}");
            }

            if (request.Summary is { } summaryPath)
            {
                await File.WriteAllTextAsync(summaryPath, result.Summary.ToJson() + Environment.NewLine, cancellationToken);
                written.Add($"summary written to {summaryPath}");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync("orgsync local: " + exception.Message);
            return 1;
        }

        var report = RunReport.Compare(targets, result.StateBefore, result.StateAfter);
        LocalReportView.Render(console, new LocalReportModel(organization, request, seed, result, report, written));
        if (result.Summary.Reconcile is { Outcome.Succeeded: false })
        {
            await console.Error.WriteLineAsync("orgsync local: the reconcile pass failed (see its section of the report)");
            return Reconcile.ReconcileCommand.ExitFailed;
        }

        return 0;
    }

    private static (TargetsFile Targets, EmulatorState State, ImmutableArray<InputMessage> Inputs, string Organization) Load(LocalRequest request)
    {
        if ((request.Targets is null) != (request.State is null))
        {
            throw new InputException(request.Targets is null
                ? "--state needs --targets (give both, or neither to run the bundled sample organization)"
                : "--targets needs --state (give both, or neither to run the bundled sample organization)");
        }

        if (request.Targets is null)
        {
            var sampleTargets = RunFiles.ParseTargets(BundledSample.TargetsJson, BundledSample.TargetsName);
            var sampleState = RunFiles.ParseState(BundledSample.StateJson, BundledSample.StateName);
            var sampleInputs = request.Events.IsEmpty ? BundledSample.Events : InputFiles.Read(request.Events);
            return (sampleTargets, sampleState, sampleInputs, $"the bundled sample organization ({BundledSample.TargetsName}, {BundledSample.StateName})");
        }

        if (request.Events.IsEmpty)
        {
            throw new InputException("--events is required with --targets and --state (a file or folder of events; repeatable)");
        }

        var loadedTargets = RunFiles.LoadTargets(request.Targets);
        var loadedState = RunFiles.LoadState(request.State!);
        return (loadedTargets, loadedState, InputFiles.Read(request.Events), $"{request.Targets}, {request.State}");
    }
}

/// <summary>The parsed options of one <c>local</c> run.</summary>
internal sealed record LocalRequest(
    string? Targets,
    string? State,
    ImmutableArray<string> Events,
    string? Out,
    string? Summary,
    int BatchSize,
    int Concurrency,
    int MaxReceiveCount,
    int LatencyMs,
    FaultSettings Faults,
    int? Seed,
    string? Ledger,
    bool Verbose = false,
    bool Reconcile = false)
{
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"batch size {BatchSize}, concurrency {Concurrency}, max receive count {MaxReceiveCount}{(LatencyMs > 0 ? $", latency {LatencyMs} ms" : string.Empty)}");
}
