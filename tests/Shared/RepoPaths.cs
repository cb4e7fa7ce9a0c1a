namespace OrgSync.Tests.Shared;

/// <summary>Locates the repository (the folder holding Functions.sln) and the contract files vendored in it.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Tests => Path.Combine(Root, "tests");

    /// <summary>The contract files the repository builds and tests from (AWS models, SAM schema, spec): <c>vendor/README.md</c>.</summary>
    public static string Vendor => Path.Combine(Root, "vendor");

    public static string Models => Path.Combine(Vendor, "aws", "models");

    public static string SamSchema => Path.Combine(Vendor, "sam", "sam.schema.json");

    /// <summary>
    /// The team's shared contract folder beside the checkout, where <c>vendor/</c> is refreshed from; only the
    /// test that compares the two reads it, and a clone without it has none.
    /// </summary>
    public static string SharedBesideCheckout => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

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
