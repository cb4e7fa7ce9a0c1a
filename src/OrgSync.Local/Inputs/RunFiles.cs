using OrgSync.Core.Targets;
using OrgSync.Emulator.State;

namespace OrgSync.Local.Inputs;

/// <summary>The targets and state files of <c>local</c> and <c>plan</c>, with errors that name the file and the JSON path.</summary>
public static class RunFiles
{
    /// <exception cref="InputException">The file cannot be read, or is not a valid targets file (every problem with its JSON path).</exception>
    public static TargetsFile LoadTargets(string path) => ParseTargets(ReadText(path, "--targets"), path);

    /// <exception cref="InputException">Not a valid targets file; <paramref name="source"/> names it.</exception>
    public static TargetsFile ParseTargets(string json, string source)
    {
        try
        {
            return TargetsFileLoader.Parse(json);
        }
        catch (TargetsFileException exception)
        {
            var problems = exception.Errors.IsDefaultOrEmpty
                ? exception.Message
                : string.Join(Environment.NewLine, exception.Errors.Select(error => $"  {error.Path}: {error.Problem}"));
            throw new InputException($"targets file {source} is invalid:{Environment.NewLine}{problems}", exception);
        }
    }

    /// <exception cref="InputException">The file cannot be read, or is not a valid state file (with the JSON path).</exception>
    public static EmulatorState LoadState(string path) => ParseState(ReadText(path, "--state"), path);

    public static EmulatorState ParseState(string json, string source)
    {
        try
        {
            return EmulatorState.Parse(json, source);
        }
        catch (StateFileException exception)
        {
            throw new InputException(exception.Message, exception);
        }
    }

    private static string ReadText(string path, string option)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var why = exception is FileNotFoundException or DirectoryNotFoundException ? "no such file" : exception.Message;
            throw new InputException($"{option} {path}: cannot be read: {why}", exception);
        }
    }
}
