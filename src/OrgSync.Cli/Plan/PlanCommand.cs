using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Organizations;
using OrgSync.Core.Leasing;
using OrgSync.Core.Applying;
using OrgSync.Core.Membership;
using OrgSync.Core.Prerequisites;
using OrgSync.Core.Targets;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.State;
using OrgSync.Local.Emulation;
using OrgSync.Local.Inputs;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Units;

namespace OrgSync.Cli.Plan;

/// <summary>
/// <c>orgsync plan --targets FILE --events PATH [--state FILE] [--endpoint URL]</c>: what the pipeline would
/// write for these events, without writing. The current state is read through the same clients the
/// functions use: from AWS (default credential chain), from an emulator at <c>--endpoint</c>, or from a
/// state file (served in-process by the emulator, so there is one read path).
/// </summary>
internal static class PlanCommand
{
    /// <summary>A target's current state could not be read: the plan is incomplete.</summary>
    public const int ExitIncomplete = 3;

    public static Command Create(CliConsole console)
    {
        var targets = new Option<string>("--targets") { Description = "Targets file (SPEC §2).", Required = true, HelpName = "FILE" };
        var events = CommandInputs.Events(required: true);
        var state = new Option<string?>("--state") { Description = "Read the current state from this state file (SPEC §5) instead of AWS.", HelpName = "FILE" };
        var endpoint = CommandInputs.Endpoint("Read from an AWS-compatible endpoint (e.g. `orgsync emulator`) instead of AWS; credentials from the default chain.");

        var command = new Command("plan", "Print the requests the pipeline would send for these events (JSON on stdout, a readable diff on stderr); writes nothing.")
        {
            targets, events, state, endpoint,
        };
        CommandInputs.StateOrEndpoint(command, state, endpoint);
        command.SetAction((parse, cancellationToken) => RunAsync(
            console, parse.GetValue(targets)!, [.. parse.GetValue(events)!], parse.GetValue(state), parse.GetValue(endpoint), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string targetsPath, string[] eventPaths, string? statePath, string? endpoint, CancellationToken cancellationToken)
    {
        TargetsFile targets;
        EmulatorState? state;
        IReadOnlyList<InputMessage> inputs;
        try
        {
            targets = RunFiles.LoadTargets(targetsPath);
            state = statePath is null ? null : RunFiles.LoadState(statePath);
            inputs = InputFiles.Read(eventPaths);
        }
        catch (InputException exception)
        {
            return await CommandInputs.RejectAsync(console, "plan", exception);
        }

        var messages = inputs.Select(input => new InboundMessage(input.Name, input.Body)).ToList();
        BatchOutcome plan;
        if (state is not null)
        {
            // Served in memory: the state file itself is never written.
            await using var emulator = await AwsEmulator.StartAsync(state, new EmulatorOptions { Port = 0 }, cancellationToken);
            using var clients = new AwsClientFactory(EmulatorClientOptions.For(emulator));
            plan = await PlanAsync(targets, clients, targets.HomeAccountId ?? state.AccountId, messages, cancellationToken);
        }
        else
        {
            using var clients = new AwsClientFactory(new AwsClientOptions { EndpointUrl = endpoint });
            plan = await PlanAsync(targets, clients, targets.HomeAccountId, messages, cancellationToken);
        }

        await console.Out.WriteLineAsync(RequestsJson(plan));
        await console.Error.WriteAsync(Describe(plan));
        return plan.Targets.Any(CouldNotRead) ? ExitIncomplete : 0;
    }

    /// <summary>The pipeline's own units in plan mode: read and planned through the functions' appliers, nothing written.</summary>
    private static Task<BatchOutcome> PlanAsync(
        TargetsFile targets, AwsClientFactory clients, string? homeAccountId, List<InboundMessage> messages, CancellationToken cancellationToken)
    {
        var options = new ApplierOptions();
        var processor = new BatchProcessor(
            targets,
            new PipelinePorts(
                new AwsTargetAppliers(clients, options, homeAccountId, targets.PrerequisiteRoleName), new InMemoryMembershipLedger(), new InMemoryTargetLease(), new AwsOrganizationDirectory(clients, options)));
        return processor.PlanAsync(messages, new BatchContext("plan", DateTimeOffset.UtcNow.AddMinutes(15)), cancellationToken);
    }

    /// <summary>A failure an AWS call caused: in plan mode only reads are sent, so the current state could not be read.</summary>
    private static bool CouldNotRead(TargetOutcome target) => target.Status == TargetStatus.Failed && target.ErrorCode is not null;

    /// <summary>
    /// The planned requests, in the order they would be sent: <c>[{"target", "kind", "service", "operation", "region", "account",
    /// "request"}]</c>, where <c>kind</c> is <c>prerequisite</c> (in a member account, before the write it enables),
    /// <c>write</c>, or <c>cleanup</c> (in a member account, after the write: SPEC §3.5).
    /// </summary>
    internal static string RequestsJson(BatchOutcome plan)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var target in plan.Targets.Where(t => t.Status == TargetStatus.Planned))
            {
                foreach (var step in target.Prerequisites.Where(p => p.Request is not null && !p.Step.IsCleanup))
                {
                    WriteRequest(writer, target.Key, "prerequisite", step.Request!);
                }

                WriteRequest(writer, target.Key, "write", target.Request!);
                foreach (var step in target.Prerequisites.Where(p => p.Request is not null && p.Step.IsCleanup))
                {
                    WriteRequest(writer, target.Key, "cleanup", step.Request!);
                }
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteRequest(Utf8JsonWriter writer, string target, string kind, PlannedRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("target", target);
        writer.WriteString("kind", kind);
        writer.WriteString("service", request.Service);
        writer.WriteString("operation", request.Operation);
        writer.WriteString("region", request.Region);
        if (request.Account is { } account)
        {
            writer.WriteString("account", account);
        }
        else
        {
            writer.WriteNull("account");
        }

        writer.WritePropertyName("request");
        request.Body.WriteTo(writer);
        writer.WriteEndObject();
    }

    /// <summary>The readable side: what each target would get, and the inputs that change nothing.</summary>
    internal static string Describe(BatchOutcome plan)
    {
        var text = new System.Text.StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');

        var writes = plan.Targets.Where(t => t.Status == TargetStatus.Planned).ToList();
        Line(string.Create(CultureInfo.InvariantCulture, $"Planned writes: {writes.Count}"));
        foreach (var target in writes)
        {
            var request = target.Request!;
            Line($"  {target.Key}: {request.Service} {request.Operation} in {request.Region}{(request.Account is null ? string.Empty : " (account " + request.Account + ")")}");
            Steps(target, cleanup: false, "first");
            foreach (var change in target.Diff?.Describe() ?? [])
            {
                Line("      " + change);
            }

            Steps(target, cleanup: true, "then");
        }

        Section("Blocked accounts (kept out of one list; the messages that carry them would be retried, then dead-lettered)", plan.Targets.SelectMany(t => t.Blocked.Select(b => (t.Key, Text: b.ToString()))));
        Section("Warnings", plan.Targets.SelectMany(t => t.Warnings.Select(w => (t.Key, Text: w))));

        Targets("Unchanged", plan.Targets.Where(t => t.Status == TargetStatus.Unchanged), t => (t.IsWarning ? "warning: " : string.Empty) + t.Reason);
        // A channel unit exists per account of the batch; one that a change cannot reach (a leave, an excluded account) is noise here.
        Targets("Nothing to apply", plan.Targets.Where(t => t.Status == TargetStatus.NothingToApply && t.Kind != TargetKind.DeliveryChannel), t => t.Reason);
        Targets("Would fail (the contributing messages would be retried, then dead-lettered)", plan.Targets.Where(t => t.Status == TargetStatus.Failed && !CouldNotRead(t)), t => t.Reason);
        Targets("Could not be read", plan.Targets.Where(CouldNotRead), t => "could not read the current state: " + t.Reason);

        var ignored = plan.Messages.Where(m => m.Status == MessageStatus.Ignored).ToList();
        var invalid = plan.Messages.Where(m => m.Status == MessageStatus.Invalid).ToList();
        if (ignored.Count > 0)
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"Ignored inputs: {ignored.Count}"));
            ignored.ForEach(m => Line($"  {m.MessageId}: {m.Reason}"));
        }

        if (invalid.Count > 0)
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"Invalid inputs: {invalid.Count}"));
            invalid.ForEach(m => Line($"  {m.MessageId}: {m.Reason}"));
        }

        // A refused membership (SPEC §3.5) fails its input before any target sees it: only here does the plan show it.
        var failing = plan.Messages.Where(m => m.Status == MessageStatus.Failed).ToList();
        if (failing.Count > 0)
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"Inputs that would fail (retried, then dead-lettered): {failing.Count}"));
            failing.ForEach(m => Line($"  {m.MessageId}: {m.Reason}"));
        }

        return text.ToString();

        void Targets(string title, IEnumerable<TargetOutcome> targets, Func<TargetOutcome, string> describe) =>
            Section(title, targets.Select(t => (t.Key, Text: describe(t))));

        void Section(string title, IEnumerable<(string Key, string Text)> items)
        {
            var list = items.ToList();
            if (list.Count == 0)
            {
                return;
            }

            Line(string.Create(CultureInfo.InvariantCulture, $"{title}: {list.Count}"));
            list.ForEach(item => Line($"  {item.Key}: {item.Text}"));
        }

        // The member-account steps around a write (SPEC §3.5), one line per operation, account and outcome.
        void Steps(TargetOutcome target, bool cleanup, string when)
        {
            var groups = target.Prerequisites
                .Where(p => p.Step.IsCleanup == cleanup)
                .GroupBy(p => (p.Step.Operation, p.Step.AccountId, p.Outcome));
            foreach (var group in groups)
            {
                var regions = string.Join(", ", group.Select(p => p.Step.Region).OfType<string>());
                // The reason of a block is in the blocked section; a step only says how it came out.
                var first = group.First();
                var what = group.Key.Outcome == PrerequisiteOutcome.Planned ? string.Empty
                    : $": {group.Key.Outcome}{(first.Blocks is null ? string.Empty : ", blocked from " + first.Step.List)}";
                Line($"      {when}: {group.Key.Operation}{(first.Step.RoleName is { } role ? " " + role : string.Empty)} in account {group.Key.AccountId}{(regions.Length == 0 ? string.Empty : $" ({regions})")}{what}");
            }
        }
    }
}
