using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace OrgSync.Local.Inputs;

/// <summary>
/// <c>--events PATH</c> (SPEC §4): a file, or a folder whose <c>*.json</c> files are read in ordinal name
/// order (not recursively); paths in the order given. A file that parses as a JSON array gives one message
/// per element (<c>FILE#INDEX</c>, from 0, the element's exact text); any other file is one message, its
/// text verbatim (<c>FILE</c>) — even when it is not JSON at all: the pipeline reports it as invalid.
/// </summary>
public static class InputFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <exception cref="InputException">A path that does not exist, cannot be read, or a folder without <c>*.json</c> files.</exception>
    public static ImmutableArray<InputMessage> Read(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var messages = ImmutableArray.CreateBuilder<InputMessage>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*.json", SearchOption.TopDirectoryOnly)
                    .Select(Path.GetFileName)
                    .OfType<string>()
                    .Where(name => name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0)
                {
                    throw new InputException($"--events {path}: the folder holds no *.json file");
                }

                foreach (var file in files)
                {
                    messages.AddRange(FromFile(JoinName(path, file), Path.Combine(path, file)));
                }
            }
            else if (File.Exists(path))
            {
                messages.AddRange(FromFile(path, path));
            }
            else
            {
                throw new InputException($"--events {path}: no such file or folder");
            }
        }

        return messages.ToImmutable();
    }

    /// <summary>The messages of one file's bytes, named after <paramref name="name"/>.</summary>
    public static IEnumerable<InputMessage> FromBytes(string name, byte[] bytes)
    {
        var text = Decode(bytes);
        if (TryElements(text) is { } elements)
        {
            return elements.Select((element, index) => new InputMessage($"{name}#{index}", element));
        }

        return [new InputMessage(name, text)];
    }

    private static IEnumerable<InputMessage> FromFile(string name, string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--events {name}: cannot be read: {exception.Message}", exception);
        }

        return FromBytes(name, bytes);
    }

    /// <summary>Each element's exact text when the file is a JSON array; null for anything else.</summary>
    private static List<string>? TryElements(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] != '[')
        {
            return null;
        }

        try
        {
            // Lenient on purpose: an element with a repeated member name is still sliced out verbatim, and the
            // classifier then rejects that one message with its reason instead of the whole file.
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return [.. document.RootElement.EnumerateArray().Select(element => element.GetRawText())];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>UTF-8 text; a leading byte-order mark is an encoding marker, not content.</summary>
    private static string Decode(byte[] bytes) =>
        bytes.AsSpan().StartsWith("\uFEFF"u8) ? Utf8.GetString(bytes, 3, bytes.Length - 3) : Utf8.GetString(bytes);

    /// <summary>FOLDER/FILE as the folder was given (relative stays relative), with exactly one separator.</summary>
    private static string JoinName(string folder, string file) =>
        folder.EndsWith('/') || folder.EndsWith(Path.DirectorySeparatorChar) ? folder + file : folder + "/" + file;
}
