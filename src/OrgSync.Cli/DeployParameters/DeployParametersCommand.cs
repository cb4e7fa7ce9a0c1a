using System.CommandLine;
using OrgSync.Local.Inputs;

namespace OrgSync.Cli.DeployParameters;

/// <summary>
/// <c>orgsync deploy-parameters --targets FILE [--write samconfig.toml]</c>: the template.yaml
/// parameters a targets file determines, as the value of <c>sam deploy --parameter-overrides</c> on
/// stdout; with <c>--write</c>, also set in samconfig.toml's <c>[default.deploy.parameters]</c>
/// <c>parameter_overrides</c>, the operator's other parameters and the rest of the file untouched.
/// </summary>
internal static class DeployParametersCommand
{
    private const string Name = "deploy-parameters";

    public static Command Create(CliConsole console)
    {
        var targets = new Option<string>("--targets") { Description = "Targets file (SPEC §2) of the deployment.", Required = true, HelpName = "FILE" };
        var write = new Option<string?>("--write")
        {
            Description = "Also set them in this samconfig.toml ([default.deploy.parameters] parameter_overrides; other parameters and the rest of the file are kept).",
            HelpName = "FILE",
        };

        var command = new Command(Name, "Print the template parameters derived from a targets file, as `sam deploy --parameter-overrides` takes them.")
        {
            targets, write,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(console, parse.GetValue(targets)!, parse.GetValue(write), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string targetsPath, string? samConfigPath, CancellationToken cancellationToken)
    {
        IReadOnlyList<KeyValuePair<string, string>> derived;
        try
        {
            derived = DeployParameterSet.From(RunFiles.LoadTargets(targetsPath));
            if (samConfigPath is not null)
            {
                await WriteAsync(console, samConfigPath, derived, cancellationToken);
            }
        }
        catch (InputException exception)
        {
            return await CommandInputs.RejectAsync(console, Name, exception);
        }

        await console.Out.WriteLineAsync(ParameterOverrides.Format(derived));
        return 0;
    }

    private static async Task WriteAsync(CliConsole console, string path, IReadOnlyList<KeyValuePair<string, string>> derived, CancellationToken cancellationToken)
    {
        string? text;
        try
        {
            text = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException($"--write {path}: cannot be read: {exception.Message}", exception);
        }

        string updated;
        try
        {
            updated = SamConfigFile.WithParameterOverrides(text, current => ParameterOverrides.Merge(current, derived));
        }
        catch (InputException exception)
        {
            throw new InputException($"--write {path}: {exception.Message}", exception);
        }

        try
        {
            await File.WriteAllTextAsync(path, updated, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException($"--write {path}: cannot be written: {exception.Message}", exception);
        }

        await console.Error.WriteLineAsync(
            $"{path}: [{SamConfigFile.Table}] {SamConfigFile.Key} now sets {string.Join(", ", derived.Select(parameter => parameter.Key))}; its other parameters are kept.");
    }
}
