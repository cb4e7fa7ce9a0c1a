using System.CommandLine;

namespace OrgSync.Cli.Plan;

internal static class PlanCommand
{
    public static Command Create()
    {
        var command = new Command("plan", "not yet implemented");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("orgsync plan: not yet implemented");
            return 2;
        });
        return command;
    }
}
