using System.Collections.Frozen;
using System.Text.Json;
using OrgSync.Tests.Shared;

namespace OrgSync.Aws.Tests.Models;

/// <summary>
/// The operations of a vendored AWS model (<c>vendor/aws/models/*.service-2.json</c>): metadata, input
/// and output shapes, and modeled errors with their wire codes and HTTP status, so tests check the
/// clients against the model rather than against names typed by hand.
/// </summary>
internal sealed class ModelOperations
{
    private static readonly Dictionary<string, ModelOperations> Loaded = new(StringComparer.Ordinal);
    private readonly JsonElement _root;

    private ModelOperations(JsonElement root) => _root = root;

    public static ModelOperations Load(string service)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(service, out var model))
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Models, service + ".service-2.json")));
                Loaded[service] = model = new ModelOperations(document.RootElement.Clone());
            }

            return model;
        }
    }

    public string Metadata(string name) => _root.GetProperty("metadata").GetProperty(name).GetString()!;

    /// <summary>The input shape; null for an operation without input members.</summary>
    public string? InputOf(string operation) =>
        Operation(operation).TryGetProperty("input", out var input) ? input.GetProperty("shape").GetString() : null;

    public string? OutputOf(string operation) =>
        Operation(operation).TryGetProperty("output", out var output) ? output.GetProperty("shape").GetString() : null;

    /// <summary>The modeled errors of an operation: shape name, wire code (the shape name unless the model's <c>error.code</c> says otherwise), HTTP status (400 unless modeled; 500 for a fault).</summary>
    public IReadOnlyList<(string Shape, string Code, int Status)> ErrorsOf(string operation) =>
        Operation(operation).TryGetProperty("errors", out var errors)
            ? errors.EnumerateArray().Select(e => e.GetProperty("shape").GetString()!).Select(ErrorOf).ToList()
            : [];

    /// <summary>Test cases: each modeled error of each of <paramref name="operations"/> as (operation, code, HTTP status).</summary>
    public static TheoryData<string, string, int> ErrorCases(string service, IEnumerable<string> operations)
    {
        var data = new TheoryData<string, string, int>();
        foreach (var operation in operations)
        {
            foreach (var (_, code, status) in Load(service).ErrorsOf(operation))
            {
                data.Add(operation, code, status);
            }
        }

        return data;
    }

    public FrozenSet<string> OperationNames => _root.GetProperty("operations").EnumerateObject().Select(o => o.Name).ToFrozenSet(StringComparer.Ordinal);

    private (string Shape, string Code, int Status) ErrorOf(string shape)
    {
        var definition = _root.GetProperty("shapes").GetProperty(shape);
        var code = shape;
        var status = definition.TryGetProperty("fault", out var fault) && fault.GetBoolean() ? 500 : 400;
        if (definition.TryGetProperty("error", out var error))
        {
            code = error.TryGetProperty("code", out var c) ? c.GetString()! : code;
            status = error.TryGetProperty("httpStatusCode", out var s) ? s.GetInt32() : status;
        }

        return (shape, code, status);
    }

    private JsonElement Operation(string name) => _root.GetProperty("operations").GetProperty(name);
}
