using System.CommandLine;

namespace OrgSync.Cli.Local;

internal static class LocalCommand
{
    public static Command Create()
    {
        var command = new Command("local", "not yet implemented");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("orgsync local: not yet implemented");
            return 2;
        });
        return command;
    }
}
