using OrgSync.Functions.Tests.Support;

namespace OrgSync.Functions.Tests.Bootstrap;

/// <summary>
/// <c>provided.al2023</c> is Amazon Linux 2023, whose glibc is 2.34; the build host's may be newer (Debian 12: 2.36).
/// A binary that needs a newer symbol version fails before <c>main</c> on Lambda ("version `GLIBC_2.35' not found"),
/// which no test that runs it here would see. So read what each ELF file of the package asks the dynamic loader for.
/// </summary>
[Collection(PublishedBootstrapCollection.Name)]
public sealed class AmazonLinuxCompatibilityTests(PublishedBootstrap package)
{
    private static readonly Version AmazonLinux2023Glibc = new(2, 34);

    /// <summary>The libraries glibc itself installs: the package may need nothing else.</summary>
    private static readonly string[] GlibcLibraries =
        ["libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2"];

    [Fact]
    public void No_file_of_the_package_needs_a_glibc_newer_than_2_34_or_a_library_outside_glibc()
    {
        var images = Directory.EnumerateFiles(package.Folder, "*", SearchOption.AllDirectories)
            .Where(ElfImage.IsElf)
            .Select(ElfImage.Read)
            .ToList();

        var bootstrap = Assert.Single(images, image => image.Path == package.Executable);
        // The reader found the x86-64 baseline and what binds to it, so an empty list below means "nothing newer".
        Assert.Contains(bootstrap.VersionNeeds, need => need is { Library: "libc.so.6", Version: "GLIBC_2.2.5", Symbols.Length: > 0 });
        foreach (var image in images)
        {
            var name = Path.GetFileName(image.Path);
            var outside = image.NeededLibraries.Except(GlibcLibraries, StringComparer.Ordinal).ToList();
            Assert.True(outside.Count == 0, $"{name} needs libraries outside glibc: {string.Join(", ", outside)}");
            var tooNew = image.VersionNeeds.Where(need => need.GlibcVersion is not { } version || version > AmazonLinux2023Glibc).ToList();
            Assert.True(tooNew.Count == 0, $"{name} needs symbol versions that Amazon Linux 2023 (glibc 2.34) lacks:\n{string.Join("\n", tooNew)}");
        }
    }

    [Theory]
    [InlineData("GLIBC_2.2.5", "2.2.5")]
    [InlineData("GLIBC_2.34", "2.34")]
    [InlineData("GLIBC_2.35", "2.35")]
    [InlineData("GLIBC_PRIVATE", null)]
    [InlineData("GCC_3.0", null)]
    public void A_version_need_names_its_glibc_release_or_none(string version, string? glibc)
    {
        var need = new ElfVersionNeed("libc.so.6", version, []);

        Assert.Equal(glibc is null ? null : Version.Parse(glibc), need.GlibcVersion);
    }
}
