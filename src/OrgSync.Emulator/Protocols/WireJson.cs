using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrgSync.Emulator.Protocols;

/// <summary>How request bodies are read and response bodies written (JsonNode only: no reflection-based serialization).</summary>
internal static class WireJson
{
    private static readonly JsonDocumentOptions StrictDocument = new()
    {
        // AWS would let a later duplicate win; a client that sends one has a bug worth seeing.
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Parses a request body; a body that is not a JSON object is a SerializationException.</summary>
    public static JsonObject ParseObject(AwsService service, ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            throw CommonErrors.Fail(CommonErrors.Serialization(service, "The request body is empty; send {} for an operation without parameters."));
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body.Span, nodeOptions: null, documentOptions: StrictDocument);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } l ? $" (line {l + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            throw CommonErrors.Fail(CommonErrors.Serialization(service, "The request body is not valid JSON" + where + ": " + ex.Message.Split(" Path:")[0]));
        }

        return node as JsonObject
            ?? throw CommonErrors.Fail(CommonErrors.Serialization(service, "The request body must be a JSON object, found " + Models.ModelValidator.Describe(node) + "."));
    }

    /// <summary>The kind of JSON value <paramref name="text"/> holds (nesting up to 1000 levels, as EventBridge allows); null when it is not JSON.</summary>
    public static JsonValueKind? KindOf(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 1000 });
            return document.RootElement.ValueKind;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static byte[] ToBytes(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            node.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    public static string? GetString(this JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    public static bool GetBool(this JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public static long? GetLong(this JsonObject obj, string name)
    {
        if (!obj.TryGetPropertyValue(name, out var node) || node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        return value.TryGetValue<double>(out var d) ? (long)d : null;
    }

    public static JsonArray? GetArray(this JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var node) ? node as JsonArray : null;

    public static JsonObject? GetObject(this JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var node) ? node as JsonObject : null;

    public static IEnumerable<string> Strings(this JsonArray? array) =>
        array is null ? [] : array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>());
}
