using System.Collections.Immutable;
using System.Globalization;
using OrgSync.Local.Reconcile;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Reconcile;
using Spectre.Console;

namespace OrgSync.Cli.Reconcile;

/// <summary>A reconcile pass as tables (SPEC §6): drift per target, what was written, failing aggregator sources, channel checks.</summary>
internal static class DriftTableView
{
    private const int AccountsShown = 6;

    /// <param name="channelChecks">The checks run inline (<c>orgsync reconcile --apply</c>), one outcome each.</param>
    /// <param name="queued">The checks went onto the local queue (<c>local --reconcile</c>): their outcomes are the queue's.</param>
    public static void Render(IAnsiConsole ansi, ReconcileOutcome outcome, ImmutableArray<MessageOutcome> channelChecks, bool queued)
    {
        ArgumentNullException.ThrowIfNull(ansi);
        ArgumentNullException.ThrowIfNull(outcome);
        ansi.Write(new Rule($"[bold]Reconcile pass[/] — {(outcome.Applied ? "applied" : "drift only, nothing written")}").LeftJustified());
        if (outcome.Failure is { } failure)
        {
            ansi.MarkupLine($"[red]The pass did not run: {Escape(failure)}[/]");
            ansi.WriteLine();
            return;
        }

        if (outcome.Skipped is { } skipped)
        {
            ansi.MarkupLine($"[yellow]The pass did not run: {Escape(skipped)}[/]");
            ansi.WriteLine();
            return;
        }

        ansi.MarkupLine(Escape(string.Create(
            CultureInfo.InvariantCulture, $"Organization listed at {outcome.ListedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC: {outcome.Members} ACTIVE member(s)")));
        Targets(ansi, outcome);
        FailedSources(ansi, outcome);
        Channels(ansi, outcome, channelChecks, queued);

        var failed = outcome.Targets.Count(target => target.Failure is not null);
        ansi.MarkupLine(outcome.Succeeded
            ? "Result: [green]pass completed[/]"
            : $"Result: [red]pass failed[/] ({failed} target(s) not reconciled{(outcome.ChannelChecksFailure is null ? string.Empty : ", channel checks failed")})");
        ansi.WriteLine();
    }

    private static void Targets(IAnsiConsole ansi, ReconcileOutcome outcome)
    {
        var table = new Table().Title("[bold]Drift per target[/]").LeftAligned()
            .AddColumn("Target").AddColumn("Missing").AddColumn("Stale").AddColumn("Foreign").AddColumn("Deferred").AddColumn("Blocked").AddColumn("Result");
        foreach (var target in outcome.Targets)
        {
            var drift = target.Drift;
            table.AddRow(
                new Markup(Escape(target.Key)),
                Accounts(drift.Missing, "green"),
                Accounts(drift.Stale, "red"),
                Accounts(drift.Foreign, "yellow"),
                Accounts(drift.Deferred, "yellow"),
                Accounts([.. target.Blocked.Select(blocked => blocked.AccountId).Distinct(StringComparer.Ordinal)], "yellow"),
                new Markup(Result(target, outcome.Applied)));
        }

        ansi.Write(table);
        ansi.WriteLine();

        var blocked = outcome.Targets.SelectMany(target => target.Blocked.Select(b => (target.Key, b))).ToList();
        if (blocked.Count > 0)
        {
            var reasons = new Table().Title("[bold]Accounts blocked from a list (the next pass tries again)[/]").LeftAligned()
                .AddColumn("Target").AddColumn("Account").AddColumn("List").AddColumn("Reason");
            foreach (var (key, account) in blocked)
            {
                reasons.AddRow(Escape(key), Escape(account.AccountId), Escape(account.List), Escape(account.Reason));
            }

            ansi.Write(reasons);
            ansi.WriteLine();
        }
    }

    private static string Result(ReconcileTargetReport target, bool applied)
    {
        var superseded = target.Drift.Superseded.IsEmpty
            ? string.Empty
            : $"{Environment.NewLine}[dim]newer events win, not undone: {Escape(string.Join(' ', target.Drift.Superseded))}[/]";
        var result = target switch
        {
            { Failure: { } failure } => $"[red]not reconciled: {Escape(failure)}[/]",
            { Written: true } => "[green]written[/]",
            _ when target.Drift.IsEmpty => "[dim]in step[/]",
            _ when !applied => "[yellow]drift (not applied)[/]",
            _ => "nothing written",
        };
        return result + superseded;
    }

    private static void FailedSources(IAnsiConsole ansi, ReconcileOutcome outcome)
    {
        // One row per failing source and error, its Regions together: an account that never authorized fails in every Region.
        var failing = outcome.Targets
            .SelectMany(target => target.FailedSources
                .GroupBy(source => (source.SourceType, source.SourceId, source.ErrorCode))
                .Select(group => (target.Key, Source: $"{group.Key.SourceType} {group.Key.SourceId}: {group.Key.ErrorCode ?? "FAILED"} in {Regions(group.Select(s => s.Region))}"
                    + (group.First().ErrorMessage is { } message ? $" — {message}" : string.Empty))))
            .ToList();
        if (failing.Count == 0)
        {
            return;
        }

        var table = new Table().Title("[bold]Aggregator sources Config reports as failing[/]").LeftAligned().AddColumn("Target").AddColumn("Source");
        foreach (var (key, source) in failing)
        {
            table.AddRow(new Markup(Escape(key)), new Markup($"[yellow]{Escape(source)}[/]"));
        }

        ansi.Write(table);
        ansi.WriteLine();
    }

    private static void Channels(IAnsiConsole ansi, ReconcileOutcome outcome, ImmutableArray<MessageOutcome> checks, bool queued)
    {
        var count = outcome.ChannelChecks.ToString(CultureInfo.InvariantCulture);
        if (outcome.ChannelChecks == 0 && checks.IsDefaultOrEmpty && outcome.ChannelChecksFailure is null)
        {
            ansi.MarkupLine("Channel checks: none [dim](no delivery-channel target, or reconcile.channels is off)[/]");
            ansi.WriteLine();
            return;
        }

        if (!outcome.Applied)
        {
            ansi.MarkupLine($"Channel checks: {count} account(s) would be checked [dim](--apply runs them)[/]");
        }
        else if (queued)
        {
            ansi.MarkupLine($"Channel checks: {count} sent onto the queue [dim](their outcomes are among the run's messages)[/]");
        }
        else
        {
            var failed = checks.Where(check => check.IsFailure).ToList();
            ansi.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Channel checks: {checks.Length} run through the pipeline, ")
                + (failed.Count == 0 ? "[green]0 failed[/]" : $"[red]{failed.Count} failed[/]"));
            if (failed.Count > 0)
            {
                var table = new Table().Title("[bold]Channel checks that failed (the next pass checks them again)[/]").LeftAligned().AddColumn("Account").AddColumn("Reason");
                foreach (var check in failed)
                {
                    table.AddRow(new Markup(Escape(ReconcileRunner.AccountOf(check))), new Markup($"[red]{Escape(check.Reason)}[/]"));
                }

                ansi.Write(table);
            }

            ansi.WriteLine();
            return;
        }

        if (outcome.ChannelChecksFailure is { } failure)
        {
            ansi.MarkupLine($"[red]{Escape(failure)}[/]");
        }

        ansi.WriteLine();
    }

    private static string Regions(IEnumerable<string> regions)
    {
        var list = regions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return list.Count <= 3 ? string.Join(", ", list) : string.Create(CultureInfo.InvariantCulture, $"{list.Count} Regions ({list[0]}, {list[1]}, … {list[^1]})");
    }

    private static Markup Accounts(ImmutableArray<string> accounts, string colour)
    {
        if (accounts.IsDefaultOrEmpty)
        {
            return new Markup("[dim]–[/]");
        }

        var shown = accounts.Length <= AccountsShown ? accounts : accounts[..(AccountsShown - 1)];
        var text = string.Join(Environment.NewLine, shown);
        var more = accounts.Length > shown.Length ? $"{Environment.NewLine}[dim]… and {accounts.Length - shown.Length} more[/]" : string.Empty;
        return new Markup($"[{colour}]{Escape(text)}[/]{more}");
    }

    private static string Escape(string text) => Markup.Escape(text);
}
