using Spectre.Console;

namespace OrgSync.Cli;

/// <summary>The Spectre console the reports render on: stdout, coloured only on a terminal.</summary>
internal static class ReportConsole
{
    public static IAnsiConsole Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = console.OutIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = console.OutIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(console.Out),
        });
        if (!console.OutIsTerminal)
        {
            // Redirected output has no width to follow; wide enough that tables do not wrap account ids.
            ansi.Profile.Width = 132;
        }

        return ansi;
    }
}
