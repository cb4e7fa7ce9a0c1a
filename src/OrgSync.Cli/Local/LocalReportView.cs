using System.Collections.Immutable;
using System.Globalization;
using OrgSync.Local.Queue;
using OrgSync.Local.Report;
using OrgSync.Local.Running;
using Spectre.Console;
using OrgSync.Cli.Reconcile;
using OrgSync.Core.Prerequisites;

namespace OrgSync.Cli.Local;

internal sealed record LocalReportModel(
    string Organization, LocalRequest Request, int Seed, LocalRunResult Result, RunReport Report, IReadOnlyList<string> FilesWritten);

/// <summary>The before/after report of <c>local</c> on stdout: tables, coloured only on a terminal.</summary>
internal static class LocalReportView
{
    private const int AccountsShown = 6;

    public static void Render(CliConsole console, LocalReportModel model)
    {
        var ansi = ReportConsole.Create(console);

        var result = model.Result;
        var summary = result.Summary;
        var ignored = summary.Ignored.Length;
        ansi.Write(new Rule("[bold]OrgSync local run[/]").LeftJustified());
        ansi.MarkupLine($"Organization: {Escape(model.Organization)}");
        ansi.MarkupLine(Escape($"Queue: {summary.Messages} messages, {model.Request.Describe()}; {summary.Batches} batches, {summary.Deliveries} deliveries, {result.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s"));
        if (!model.Request.Faults.IsNone)
        {
            ansi.MarkupLine(Escape($"Faults: {model.Request.Faults} with seed {model.Seed} (--seed {model.Seed} repeats this run)"));
        }

        var dead = summary.DeadLettered.Length;
        ansi.MarkupLine(
            $"Result: [green]{summary.Succeeded} succeeded[/] ({ignored} of them ignored), "
            + (dead == 0 ? "[green]0 dead-lettered[/]" : $"[red]{dead} dead-lettered[/]"));
        ansi.WriteLine();

        AccountLists(ansi, "Configuration aggregators", "Aggregator", model.Report.Aggregators);
        AccountLists(ansi, "Image Builder distribution configurations", "Configuration · Region list", model.Report.Distributions);
        Channels(ansi, model.Report.Channels);
        Prerequisites(ansi, summary);
        Announcements(ansi, summary);
        Reasons(ansi, "Ignored inputs", summary.Ignored, "yellow");
        Reasons(ansi, "Dead-lettered inputs", summary.DeadLettered, "red", ReceiveCounts(result.Messages));
        if (summary.Reconcile is { } reconcile)
        {
            DriftTableView.Render(ansi, reconcile.Outcome, [], queued: true);
        }

        ApiCalls(ansi, summary);

        foreach (var line in model.FilesWritten)
        {
            ansi.MarkupLine(Escape(line));
        }
    }

    private static void AccountLists(IAnsiConsole ansi, string title, string column, ImmutableArray<AccountListChange> lists)
    {
        if (lists.IsEmpty)
        {
            return;
        }

        var table = new Table().Title($"[bold]{Escape(title)}[/]").LeftAligned()
            .AddColumn(column).AddColumn(new TableColumn("Accounts").Centered()).AddColumn("Change");
        foreach (var list in lists)
        {
            var changes = new List<string>();
            if (list.Note is { } note)
            {
                changes.Add($"[yellow]{Escape(note)}[/]");
            }

            if (!list.Added.IsEmpty)
            {
                changes.Add($"[green]{Escape(Accounts(list.Added, "+"))}[/]");
            }

            if (!list.Removed.IsEmpty)
            {
                changes.Add($"[red]{Escape(Accounts(list.Removed, "−"))}[/]");
            }

            if (changes.Count == 0)
            {
                changes.Add("[dim]unchanged[/]");
            }

            var count = list.Before is null && list.After is null ? "[dim]–[/]" : Escape($"{Count(list.Before)} → {Count(list.After)}");
            table.AddRow(new Markup(Escape(list.Target)), new Markup(count), new Markup(string.Join(Environment.NewLine, changes)));
        }

        ansi.Write(table);
        ansi.WriteLine();
    }

    private static void Channels(IAnsiConsole ansi, ImmutableArray<ChannelChange> channels)
    {
        if (channels.IsEmpty)
        {
            ansi.MarkupLine("[bold]Delivery channels:[/] none created or changed");
            ansi.WriteLine();
            return;
        }

        var table = new Table().Title("[bold]Delivery channels[/]").LeftAligned()
            .AddColumn("Account").AddColumn("Region").AddColumn("Channel").AddColumn("Change");
        foreach (var channel in channels)
        {
            var what = channel.Created ? "[green]created[/]" : "[blue]updated[/] [dim](name kept)[/]";
            table.AddRow(
                new Markup(Escape(channel.AccountId)),
                new Markup(Escape(channel.Region)),
                new Markup(Escape(channel.Name)),
                new Markup(what + (channel.Changes.IsEmpty ? string.Empty : ": " + Escape(string.Join("; ", channel.Changes)))));
        }

        ansi.Write(table);
        ansi.WriteLine();
    }

    /// <summary>SPEC §7: the completion events and task callbacks, when the run made any.</summary>
    private static void Announcements(IAnsiConsole ansi, RunSummary summary)
    {
        if (!summary.Notifications.IsEmpty)
        {
            var table = new Table().Title("[bold]Completion events published[/]").LeftAligned()
                .AddColumn("Input").AddColumn("Account").AddColumn("Event").AddColumn("Targets");
            foreach (var notification in summary.Notifications)
            {
                var colour = notification.DetailType == "Account Sync Completed" ? "green" : "red";
                var targets = string.Join(" · ", notification.Outcomes.Select(o => $"{o.Key} {o.Value}"));
                var sends = notification.Sends > 1 ? $" [dim](put {notification.Sends}×: lost responses, same id and detail)[/]" : string.Empty;
                table.AddRow(
                    new Markup(Escape(notification.Input ?? "–")),
                    new Markup(Escape($"{notification.AccountId} ({notification.Action})")),
                    new Markup($"[{colour}]{Escape(notification.DetailType)}[/]"),
                    new Markup(Escape(targets) + sends));
            }

            ansi.Write(table);
            ansi.WriteLine();
        }

        if (!summary.TaskCallbacks.IsEmpty)
        {
            var table = new Table().Title("[bold]Step Functions task callbacks[/]").LeftAligned().AddColumn("Input").AddColumn("Callback");
            foreach (var callback in summary.TaskCallbacks)
            {
                var text = callback.Status == "SUCCESS"
                    ? "[green]SendTaskSuccess[/] [dim](output: the completion detail)[/]"
                    : $"[red]SendTaskFailure {Escape(callback.Error ?? string.Empty)}[/]: {Escape(callback.Cause ?? string.Empty)}";
                table.AddRow(new Markup(Escape(callback.Input ?? "–")), new Markup(text));
            }

            ansi.Write(table);
            ansi.WriteLine();
        }
    }

    /// <summary>SPEC §3.5: the steps sent in member accounts, the accounts they blocked, and what was left to Control Tower.</summary>
    private static void Prerequisites(IAnsiConsole ansi, RunSummary summary)
    {
        if (summary.Prerequisites.IsEmpty)
        {
            ansi.MarkupLine("[bold]Prerequisites in member accounts:[/] none");
            ansi.WriteLine();
        }
        else
        {
            // One row per target, call and outcome, whatever the number of accounts (a burst authorizes hundreds).
            var table = new Table().Title("[bold]Prerequisites in member accounts[/]").LeftAligned()
                .AddColumn("Target").AddColumn("Call").AddColumn("Outcome").AddColumn("Accounts");
            var perAccount = summary.Prerequisites
                .GroupBy(p => (p.Target, p.Account, p.Operation, p.Outcome))
                .Select(g => (g.Key.Target, g.Key.Account, Call: Call(g.Key.Operation, g.Select(p => p.Region).OfType<string>()), g.Key.Outcome));
            foreach (var group in perAccount.GroupBy(p => (p.Target, p.Call, p.Outcome)))
            {
                table.AddRow(
                    new Markup(Escape(group.Key.Target)),
                    new Markup(Escape(group.Key.Call)),
                    new Markup($"[{OutcomeColour(group.Key.Outcome)}]{Escape(Words(group.Key.Outcome))}[/]"),
                    new Markup(Escape(Accounts([.. group.Select(p => p.Account).Distinct(StringComparer.Ordinal)], string.Empty))));
            }

            ansi.Write(table);
            ansi.WriteLine();
        }

        if (!summary.Blocked.IsEmpty)
        {
            var table = new Table().Title("[bold]Accounts blocked from a list[/]").LeftAligned()
                .AddColumn("Target").AddColumn("Account").AddColumn("List").AddColumn("Reason");
            foreach (var blocked in summary.Blocked)
            {
                table.AddRow(
                    new Markup(Escape(blocked.Target)),
                    new Markup(Escape(blocked.Account)),
                    new Markup(Escape(blocked.List)),
                    new Markup($"[{(blocked.Permanent ? "red" : "yellow")}]{Escape((blocked.Permanent ? "permanent: " : string.Empty) + blocked.Reason)}[/]"));
            }

            ansi.Write(table);
            ansi.WriteLine();
        }

        if (!summary.LeftAlone.IsEmpty)
        {
            var table = new Table().Title("[bold]Left alone (managed by someone else)[/]").LeftAligned().AddColumn("Target").AddColumn("Reason");
            foreach (var entry in summary.LeftAlone)
            {
                table.AddRow(new Markup(Escape(entry.Target)), new Markup($"[yellow]{Escape(entry.Reason)}[/]"));
            }

            ansi.Write(table);
            ansi.WriteLine();
        }
    }

    private static string OutcomeColour(string outcome) => outcome switch
    {
        nameof(PrerequisiteOutcome.Authorized) or nameof(PrerequisiteOutcome.Deleted) or nameof(PrerequisiteOutcome.RolePresent) => "green",
        nameof(PrerequisiteOutcome.AlreadyAuthorized) => "dim",
        nameof(PrerequisiteOutcome.DeniedByServiceControlPolicy) => "red",
        _ => "yellow",
    };

    /// <summary><c>AlreadyAuthorized</c> → <c>already authorized</c>.</summary>
    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static void Reasons(IAnsiConsole ansi, string title, ImmutableArray<InputReason> items, string colour, Dictionary<string, int>? receives = null)
    {
        if (items.IsEmpty)
        {
            ansi.MarkupLine($"[bold]{Escape(title)}:[/] none");
            ansi.WriteLine();
            return;
        }

        var table = new Table().Title($"[bold]{Escape(title)}[/]").LeftAligned().AddColumn("Input").AddColumn("Reason");
        foreach (var item in items)
        {
            var input = receives is not null && receives.TryGetValue(item.Input, out var count)
                ? $"{Escape(item.Input)} [dim](received {count}×)[/]"
                : Escape(item.Input);
            table.AddRow(new Markup(input), new Markup($"[{colour}]{Escape(item.Reason)}[/]"));
        }

        ansi.Write(table);
        ansi.WriteLine();
    }

    private static void ApiCalls(IAnsiConsole ansi, RunSummary summary)
    {
        var table = new Table().Title("[bold]API calls received by the emulator[/]").LeftAligned()
            .AddColumn("Call").AddColumn(new TableColumn("Count").RightAligned());
        foreach (var (call, count) in summary.ApiCalls)
        {
            table.AddRow(Escape(call), count.ToString(CultureInfo.InvariantCulture));
        }

        table.AddRow("[bold]total[/]", $"[bold]{summary.ApiCalls.Values.Sum().ToString(CultureInfo.InvariantCulture)}[/]");
        if (!summary.ApiErrors.IsEmpty)
        {
            table.AddEmptyRow();
            foreach (var (error, count) in summary.ApiErrors)
            {
                table.AddRow($"[dim]error[/] {Escape(error)}", count.ToString(CultureInfo.InvariantCulture));
            }
        }

        ansi.Write(table);
        ansi.WriteLine();
    }

    private static Dictionary<string, int> ReceiveCounts(ImmutableArray<QueuedMessage> messages) =>
        messages.GroupBy(m => m.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().ReceiveCount, StringComparer.Ordinal);

    private static string Count(ImmutableArray<string>? accounts) => accounts is { } list ? list.Length.ToString(CultureInfo.InvariantCulture) : "–";

    private static string Accounts(ImmutableArray<string> accounts, string sign)
    {
        var shown = accounts.Length <= AccountsShown ? accounts : accounts[..(AccountsShown - 1)];
        var text = string.Join(' ', shown.Select(a => sign + a));
        return accounts.Length > shown.Length ? $"{text} … and {accounts.Length - shown.Length} more" : text;
    }

    private static string Call(string operation, IEnumerable<string> regions)
    {
        var list = string.Join(", ", regions);
        return list.Length == 0 ? operation : $"{operation} ({list})";
    }

    private static string Escape(string text) => Markup.Escape(text);
}
