using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;

namespace OrgSync.Functions.Tests.Support;

/// <summary>
/// What the dynamic loader needs before it runs an ELF file, read from the file itself (no readelf/objdump on the
/// test host): the section names, the <c>DT_NEEDED</c> libraries of <c>.dynamic</c>, and the symbol versions of
/// <c>.gnu.version_r</c> with the <c>.dynsym</c> symbols bound to each. ELF64 little-endian only (x86-64, arm64).
/// </summary>
public sealed record ElfImage(
    string Path,
    ushort Machine,
    ImmutableArray<string> Sections,
    ImmutableArray<string> NeededLibraries,
    ImmutableArray<ElfVersionNeed> VersionNeeds)
{
    /// <summary><c>e_machine</c> of x86-64.</summary>
    public const ushort MachineX8664 = 62;

    private const uint SectionDynamic = 6;
    private const uint SectionDynamicSymbols = 11;
    private const uint SectionVersionNeeds = 0x6ffffffe;
    private const uint SectionSymbolVersions = 0x6fffffff;
    private const long DynamicNull = 0;
    private const long DynamicNeeded = 1;
    private const int SectionHeaderSize = 64;
    private const int DynamicEntrySize = 16;
    private const int SymbolEntrySize = 24;

    /// <summary>Whether the file starts with the ELF magic number.</summary>
    public static bool IsElf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("\u007fELF"u8);
    }

    /// <exception cref="InvalidDataException">The file is not an ELF64 little-endian file, or is cut short.</exception>
    public static ElfImage Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var data = bytes.AsSpan();
        if (data.Length < 64 || !data[..4].SequenceEqual("\u007fELF"u8))
        {
            throw new InvalidDataException($"{path}: not an ELF file");
        }

        if (data[4] != 2 || data[5] != 1)
        {
            throw new InvalidDataException($"{path}: ELF class {data[4]}, data encoding {data[5]}; only ELF64 little-endian is read");
        }

        var machine = U16(data, 0x12);
        var sections = SectionHeaders(path, data);
        var names = sections[U16(data, 0x3E)];
        var sectionNames = ImmutableArray.CreateBuilder<string>(sections.Length);
        foreach (var section in sections)
        {
            sectionNames.Add(CString(data, names, section.Name));
        }

        var needed = ImmutableArray.CreateBuilder<string>();
        foreach (var dynamic in sections.Where(s => s.Type == SectionDynamic))
        {
            for (var offset = 0; offset + DynamicEntrySize <= dynamic.Size; offset += DynamicEntrySize)
            {
                var entry = Slice(path, data, dynamic, offset, DynamicEntrySize);
                var tag = BinaryPrimitives.ReadInt64LittleEndian(entry);
                if (tag == DynamicNull)
                {
                    break;
                }

                if (tag == DynamicNeeded)
                {
                    needed.Add(CString(data, sections[dynamic.Link], (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[8..])));
                }
            }
        }

        return new ElfImage(path, machine, sectionNames.MoveToImmutable(), needed.ToImmutable(), VersionNeedsOf(path, data, sections));
    }

    private static ImmutableArray<ElfVersionNeed> VersionNeedsOf(string path, ReadOnlySpan<byte> data, ImmutableArray<Section> sections)
    {
        var needs = sections.Where(s => s.Type == SectionVersionNeeds).ToList();
        if (needs.Count == 0)
        {
            return [];
        }

        var symbolsByVersionIndex = UndefinedSymbolsByVersionIndex(path, data, sections);
        var result = ImmutableArray.CreateBuilder<ElfVersionNeed>();
        var section = needs[0];
        var strings = sections[section.Link];
        long offset = 0;
        for (var entry = 0; entry < section.Info; entry++)
        {
            // Elf64_Verneed: vn_version, vn_cnt, vn_file, vn_aux, vn_next.
            var verneed = Slice(path, data, section, offset, 16);
            var auxCount = U16(verneed, 2);
            var library = CString(data, strings, U32(verneed, 4));
            long aux = offset + U32(verneed, 8);
            for (var a = 0; a < auxCount; a++)
            {
                // Elf64_Vernaux: vna_hash, vna_flags, vna_other (the version index .gnu.version uses), vna_name, vna_next.
                var vernaux = Slice(path, data, section, aux, 16);
                var index = U16(vernaux, 6);
                var symbols = symbolsByVersionIndex.TryGetValue(index, out var bound) ? bound.Order(StringComparer.Ordinal).ToImmutableArray() : [];
                result.Add(new ElfVersionNeed(library, CString(data, strings, U32(vernaux, 8)), symbols));
                aux += U32(vernaux, 12);
            }

            var next = U32(verneed, 12);
            if (next == 0)
            {
                break;
            }

            offset += next;
        }

        return result.ToImmutable();
    }

    private static Dictionary<int, List<string>> UndefinedSymbolsByVersionIndex(string path, ReadOnlySpan<byte> data, ImmutableArray<Section> sections)
    {
        var result = new Dictionary<int, List<string>>();
        var symbols = sections.FirstOrDefault(s => s.Type == SectionDynamicSymbols);
        var versions = sections.FirstOrDefault(s => s.Type == SectionSymbolVersions);
        if (symbols is null || versions is null)
        {
            return result;
        }

        var strings = sections[symbols.Link];
        var count = symbols.Size / SymbolEntrySize;
        for (var i = 1; i < count; i++)
        {
            var symbol = Slice(path, data, symbols, i * SymbolEntrySize, SymbolEntrySize);
            var definedInSection = U16(symbol, 6);
            var index = U16(Slice(path, data, versions, i * 2, 2), 0) & 0x7fff; // the top bit marks a hidden version
            if (definedInSection != 0 || index < 2) // defined here, or local/global without a version
            {
                continue;
            }

            if (!result.TryGetValue(index, out var names))
            {
                result[index] = names = [];
            }

            names.Add(CString(data, strings, U32(symbol, 0)));
        }

        return result;
    }

    private static ImmutableArray<Section> SectionHeaders(string path, ReadOnlySpan<byte> data)
    {
        var offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(data[0x28..]);
        var entrySize = U16(data, 0x3A);
        var count = U16(data, 0x3C);
        if (entrySize != SectionHeaderSize || offset < 0 || offset + (long)count * entrySize > data.Length)
        {
            throw new InvalidDataException($"{path}: section header table out of the file (offset {offset}, {count} x {entrySize} bytes)");
        }

        var headers = ImmutableArray.CreateBuilder<Section>(count);
        for (var i = 0; i < count; i++)
        {
            var header = data.Slice((int)(offset + (i * entrySize)), entrySize);
            headers.Add(new Section(
                Name: U32(header, 0),
                Type: U32(header, 4),
                Offset: (long)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]),
                Size: (long)BinaryPrimitives.ReadUInt64LittleEndian(header[32..]),
                Link: (int)U32(header, 40),
                Info: U32(header, 44)));
        }

        return headers.MoveToImmutable();
    }

    private static ReadOnlySpan<byte> Slice(string path, ReadOnlySpan<byte> data, Section section, long offset, int length)
    {
        if (offset < 0 || offset + length > section.Size || section.Offset + offset + length > data.Length)
        {
            throw new InvalidDataException($"{path}: read of {length} bytes at {offset} runs past a section of {section.Size} bytes");
        }

        return data.Slice((int)(section.Offset + offset), length);
    }

    private static string CString(ReadOnlySpan<byte> data, Section strings, long offset)
    {
        var start = strings.Offset + offset;
        if (offset < 0 || offset >= strings.Size || start >= data.Length)
        {
            throw new InvalidDataException($"string offset {offset} out of a string table of {strings.Size} bytes");
        }

        var rest = data[(int)start..(int)Math.Min(strings.Offset + strings.Size, data.Length)];
        var end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }

    private static ushort U16(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);

    private static uint U32(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);

    private sealed record Section(uint Name, uint Type, long Offset, long Size, int Link, uint Info);
}
