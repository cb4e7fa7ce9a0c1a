using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Json;

namespace OrgSync.Core.Tests.Json;

/// <summary>What the classifier and the targets loader rely on: an accepted document reads without exceptions.</summary>
public sealed class StrictJsonTests
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ":", ",", "\"", "\"a\"", "\"b\"", "\\", "\\u", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0041", "\\n",
        "1", "-0.5e3", "null", "true", " ", "😀", "\uD800", "\u00e9",
    ];

    [Fact]
    public void Every_string_and_name_of_an_accepted_document_reads()
    {
        var text = Gen.ListOf(Gen.Elements(Fragments)).Select(string.Concat);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(text.ToArbitrary(), json =>
        {
            if (!StrictJson.TryParse(json, out var document, out string? error))
            {
                return error.StartsWith("not valid", StringComparison.Ordinal);
            }

            using (document)
            {
                ReadEverything(document.RootElement);
                return true;
            }
        }));
    }

    [Fact]
    public void Well_formed_documents_with_awkward_strings_are_accepted_exactly_when_they_read()
    {
        // Syntactically valid documents whose strings and names mix valid and unpaired surrogate
        // escapes, repeated names and non-ASCII text: accepted ones must read; refused ones must say why.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Documents().ToArbitrary(), json =>
        {
            if (!StrictJson.TryParseLocated(json, out var document, out var error))
            {
                return error.Problem.Contains("not valid Unicode", StringComparison.Ordinal)
                    || error.Problem.Contains("duplicate member name", StringComparison.Ordinal);
            }

            using (document)
            {
                ReadEverything(document.RootElement);
                return true;
            }
        }));

        var outcomes = Gen.Sample(Documents(), numberOfSamples: 300, size: 8)
            .Select(Outcome)
            .ToHashSet();
        Assert.Contains("ok", outcomes);
        Assert.Contains("duplicate", outcomes);
        Assert.Contains("string", outcomes);
    }

    private static string Outcome(string json)
    {
        if (!StrictJson.TryParseLocated(json, out var document, out var error))
        {
            return error.Problem.Split(' ')[0];
        }

        document.Dispose();
        return "ok";
    }

    private static readonly string[] StringParts = ["a", "b", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0041", "\\\"", "é", "😀"];

    private static Gen<string> Strings() =>
        Gen.ListOf(Gen.Elements(StringParts)).Resize(3).Select(parts => "\"" + string.Concat(parts) + "\"");

    private static Gen<string> Documents() => Gen.Sized(Document);

    private static Gen<string> Document(int size)
    {
        var scalar = Gen.OneOf(Strings(), Gen.Elements("1", "null", "true", "-2.5"));
        if (size <= 1)
        {
            return scalar;
        }

        var child = Document(size / 3);
        var array = Gen.ListOf(child).Resize(4).Select(items => "[" + string.Join(",", items) + "]");
        var member = from name in Strings() from value in child select (name, value);
        var obj = Gen.ListOf(member).Resize(4)
            .Select(members => "{" + string.Join(",", members.Select(m => m.Item1 + ":" + m.Item2)) + "}");
        return Gen.OneOf(scalar, array, obj);
    }

    [Fact]
    public void Accepted_documents_include_escapes_and_surrogate_pairs()
    {
        Assert.True(StrictJson.TryParse("{\"\\u0061\":\"\\ud83d\\ude00\",\"b\":[\"\\u00e9\"]}", out var document, out string? _));
        using (document)
        {
            Assert.Equal("😀", document.RootElement.GetProperty("a").GetString());
        }
    }

    [Theory]
    [InlineData("{\"a\":{\"b\":1,\"b\":2}}", "$.a.b", "duplicate member name \"b\"")]
    [InlineData("{\"a\":1,\"\\u0061\":2}", "$.a", "duplicate member name \"a\"")]
    [InlineData("[0,{\"x\":[1,2,{\"k\":1,\"k\":1}]}]", "$[1].x[2].k", "duplicate member name \"k\"")]
    [InlineData("{\"a\":\"\\ud800x\"}", "$.a", "string is not valid Unicode")]
    [InlineData("{\"\\udc00\":1}", "$", "member name is not valid Unicode")]
    [InlineData("{\"a\":[1,2,]}", "$.a[1]", "trailing comma")]
    public void Problems_are_located(string json, string path, string problem)
    {
        Assert.False(StrictJson.TryParseLocated(json, out _, out var error));
        Assert.Equal(path, error.Path);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_bytes_are_refused()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("{\"a\":\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}")];

        Assert.False(StrictJson.TryParse(bytes, out _, out string? error));
        Assert.Contains("not valid Unicode", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpaired_surrogates_in_text_are_refused_not_replaced()
    {
        Assert.False(StrictJson.TryEncodeUtf8("{\"a\":\"\uD800\"}", out _, out var error));
        Assert.Contains("unpaired surrogate U+D800 at character 6", error, StringComparison.Ordinal);
        Assert.True(StrictJson.TryEncodeUtf8("😀", out var utf8, out _));
        Assert.Equal(4, utf8.Length);
    }

    [Fact]
    public void Depth_is_bounded()
    {
        Assert.True(StrictJson.TryParse(new string('[', StrictJson.MaxDepth) + new string(']', StrictJson.MaxDepth), out var document, out string? _));
        document.Dispose();
        Assert.False(StrictJson.TryParse(new string('[', StrictJson.MaxDepth + 1) + new string(']', StrictJson.MaxDepth + 1), out _, out string? error));
        Assert.Contains("depth", error, StringComparison.Ordinal);
    }

    private static void ReadEverything(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    _ = element.TryGetProperty(property.Name, out _);
                    ReadEverything(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    ReadEverything(item);
                }

                break;
            case JsonValueKind.String:
                _ = element.GetString();
                _ = element.ValueEquals("x");
                break;
        }
    }
}
