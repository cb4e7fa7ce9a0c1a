namespace OrgSync.Core.Targets;

/// <summary>Reads and validates a targets file (SPEC §2); every problem is reported with its JSON path.</summary>
public static class TargetsFileLoader
{
    /// <exception cref="TargetsFileException">with every error found, each naming its JSON path.</exception>
    public static TargetsFile Parse(string json) =>
        throw new NotImplementedException("issue 2: targets file");
}
