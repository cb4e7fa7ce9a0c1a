using System.Text.Json;
using System.Text.Json.Nodes;
using OrgSync.Tests.Shared;

namespace OrgSync.Functions.Tests.Template;

/// <summary>
/// One run of <c>validate-templates.mjs</c> per test assembly: the SAM schema and reference checks of
/// template.yaml and infra/*.yaml, and their long-form JSON for the assertions of the other tests.
/// </summary>
internal static class TemplateValidation
{
    private static readonly Lazy<Task<ValidationRun>> Run = new(RunOnceAsync);

    public static Task<ValidationRun> GetAsync() => Run.Value;

    public static async Task<JsonObject> SamTemplateAsync() => await TemplateAsync("template.yaml");

    public static async Task<JsonObject> TemplateAsync(string file)
    {
        var run = await GetAsync();
        Assert.True(run.Templates.ContainsKey(file),
            $"validate-templates.mjs did not load {file} (exit {run.ExitCode}):\n{run.Output}");
        return run.Templates[file];
    }

    private static async Task<ValidationRun> RunOnceAsync()
    {
        await NodeTools.EnsureInstalledAsync();
        var script = Path.Combine(RepoPaths.Tests, "OrgSync.Functions.Tests", "Template", "validate-templates.mjs");
        var outFile = Path.Combine(Path.GetTempPath(), $"orgsync-templates-{Guid.NewGuid():N}.json");
        try
        {
            var validation = await NodeTools.RunAsync(
                "node",
                [script, "--root", RepoPaths.Root, "--schema", RepoPaths.SamSchema, "--out", outFile],
                RepoPaths.Root,
                TimeSpan.FromMinutes(2));

            var errors = new List<string>();
            var templates = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            if (File.Exists(outFile))
            {
                var result = JsonNode.Parse(await File.ReadAllTextAsync(outFile))!.AsObject();
                foreach (var error in result["errors"]!.AsArray())
                {
                    errors.Add($"{error!["file"]} {error["path"]}: {error["message"]}");
                }

                foreach (var (file, template) in result["templates"]!.AsObject())
                {
                    templates[file] = template!.AsObject();
                }
            }

            return new ValidationRun(validation.ExitCode, validation.Output, errors, templates);
        }
        finally
        {
            File.Delete(outFile);
        }
    }
}

internal sealed record ValidationRun(
    int ExitCode,
    string Output,
    IReadOnlyList<string> Errors,
    IReadOnlyDictionary<string, JsonObject> Templates);

internal static class JsonNodeExtensions
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The node as compact JSON, for failure messages.</summary>
    public static string Show(this JsonNode? node) => node is null ? "(missing)" : node.ToJsonString(Compact);

    /// <summary>A string value, or null when the node is missing or not a string.</summary>
    public static string? Text(this JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The strings of a list (a single string counts as a list of one); other items are skipped.</summary>
    public static IReadOnlyList<string> Texts(this JsonNode? node) => node switch
    {
        JsonArray array => array.Select(item => item.Text()).OfType<string>().ToList(),
        JsonValue => node.Text() is { } text ? [text] : [],
        _ => [],
    };

    /// <summary>True when the node is <c>{"Ref": name}</c>.</summary>
    public static bool IsRef(this JsonNode? node, string name) => node is JsonObject obj && obj.Count == 1 && obj["Ref"].Text() == name;

    /// <summary>True when the node is <c>{"Fn::GetAtt": [resource, attribute]}</c>.</summary>
    public static bool IsGetAtt(this JsonNode? node, string resource, string attribute) =>
        node is JsonObject obj && obj.Count == 1 && obj["Fn::GetAtt"] is JsonArray args
        && args.Count == 2 && args[0].Text() == resource && args[1].Text() == attribute;
}
