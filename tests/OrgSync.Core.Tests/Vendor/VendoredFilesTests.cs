using OrgSync.Tests.Shared;
using Xunit.Abstractions;

namespace OrgSync.Core.Tests.Vendor;

/// <summary>
/// The repository builds from its own copies of the contract files (<c>vendor/</c>). Where the shared folder
/// they are refreshed from sits beside the checkout, these tests say whether a copy is behind it; a clone on
/// its own has nothing to compare with and only checks that every vendored file is there.
/// </summary>
public sealed class VendoredFilesTests(ITestOutputHelper output)
{
    private static readonly string[] Files =
    [
        .. new[] { "config", "imagebuilder", "sts", "organizations", "iam", "events", "stepfunctions" }
            .Select(service => Path.Combine("aws", "models", service + ".service-2.json")),
        Path.Combine("sam", "sam.schema.json"),
        Path.Combine("spec", "SPEC.md"),
    ];

    [Fact]
    public void Every_vendored_file_is_in_the_repository()
    {
        var missing = Files.Where(file => !File.Exists(Path.Combine(RepoPaths.Vendor, file))).ToList();
        Assert.True(missing.Count == 0, "missing under vendor/: " + string.Join(", ", missing));
    }

    [Fact]
    public void Vendored_copies_are_not_behind_the_shared_folder_when_it_is_beside_the_checkout()
    {
        var shared = RepoPaths.SharedBesideCheckout;
        if (!Directory.Exists(shared))
        {
            output.WriteLine($"no shared folder at {shared}: nothing to compare (a clone on its own)");
            return;
        }

        var behind = Files
            .Where(file => File.Exists(Path.Combine(shared, file)))
            .Where(file => !File.ReadAllBytes(Path.Combine(shared, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(RepoPaths.Vendor, file))))
            .ToList();
        Assert.True(behind.Count == 0, $"vendor/ is behind {shared} for {string.Join(", ", behind)}: run vendor/refresh.sh");
    }
}
