using System.Collections.Immutable;

namespace OrgSync.Functions.Tests.Support;

/// <summary>
/// One entry of an ELF file's <c>.gnu.version_r</c>: a symbol version (<c>GLIBC_2.34</c>) that the dynamic loader must
/// find in a library (<c>libc.so.6</c>) before it starts the program, and the undefined dynamic symbols bound to it.
/// </summary>
public sealed record ElfVersionNeed(string Library, string Version, ImmutableArray<string> Symbols)
{
    private const string GlibcPrefix = "GLIBC_";

    /// <summary><c>GLIBC_2.3.4</c> → 2.3.4; null for any other version name (<c>GLIBC_PRIVATE</c>, <c>GCC_3.0</c>, ...).</summary>
    public Version? GlibcVersion =>
        Version.StartsWith(GlibcPrefix, StringComparison.Ordinal)
        && System.Version.TryParse(Version[GlibcPrefix.Length..], out var version)
            ? version
            : null;

    public override string ToString() => $"{Library} {Version} ({string.Join(", ", Symbols)})";
}
