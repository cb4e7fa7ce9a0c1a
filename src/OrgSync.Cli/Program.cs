using System.CommandLine;
using OrgSync.Cli.Emulator;
using OrgSync.Cli.Local;
using OrgSync.Cli.Plan;

var root = new RootCommand("OrgSync: keep AWS Config aggregators, Image Builder distributions and delivery channels in step with your organization's accounts.")
{
    LocalCommand.Create(),
    PlanCommand.Create(),
    EmulatorCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
