using System.CommandLine;

namespace OrgSync.Cli.Emulator;

internal static class EmulatorCommand
{
    public static Command Create()
    {
        var command = new Command("emulator", "not yet implemented");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("orgsync emulator: not yet implemented");
            return 2;
        });
        return command;
    }
}
