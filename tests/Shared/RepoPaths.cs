namespace OrgSync.Tests.Shared;

/// <summary>Locates the repository (the folder holding Functions.sln) and its sibling <c>../shared</c>.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Tests => Path.Combine(Root, "tests");

    /// <summary>The shared contract folder (spec, AWS models, SAM schema), a sibling of the repository.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Models => Path.Combine(Shared, "aws", "models");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
