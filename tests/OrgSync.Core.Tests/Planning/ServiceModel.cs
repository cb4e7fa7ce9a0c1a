using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrgSync.Tests.Shared;

namespace OrgSync.Core.Tests.Planning;

/// <summary>
/// Reads an AWS service model (<c>vendor/aws/models/*.service-2.json</c>) so that tests check our
/// wire shapes and generated values against the model itself rather than against a copy of it.
/// </summary>
internal sealed class ServiceModel
{
    private static readonly Dictionary<string, ServiceModel> Loaded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);
    private readonly JsonElement _shapes;

    private ServiceModel(JsonElement shapes) => _shapes = shapes;

    public static ServiceModel Load(string fileName)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(fileName, out var model))
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Models, fileName)));
                model = new ServiceModel(document.RootElement.GetProperty("shapes").Clone());
                Loaded[fileName] = model;
            }

            return model;
        }
    }

    public static ServiceModel ImageBuilder => Load("imagebuilder.service-2.json");

    public static ServiceModel Config => Load("config.service-2.json");

    public JsonElement Shape(string name) => _shapes.GetProperty(name);

    public string TypeOf(string shape) => Shape(shape).GetProperty("type").GetString()!;

    /// <summary>The members of a structure: name → member shape.</summary>
    public IReadOnlyDictionary<string, string> Members(string structure) =>
        Shape(structure).GetProperty("members").EnumerateObject()
            .ToDictionary(m => m.Name, m => m.Value.GetProperty("shape").GetString()!, StringComparer.Ordinal);

    /// <summary>The structure a member holds, through lists and map values; null for scalars.</summary>
    public string? StructureIn(string shape) => TypeOf(shape) switch
    {
        "structure" => shape,
        "list" => StructureIn(Shape(shape).GetProperty("member").GetProperty("shape").GetString()!),
        "map" => StructureIn(Shape(shape).GetProperty("value").GetProperty("shape").GetString()!),
        _ => null,
    };

    /// <summary><paramref name="root"/> and every structure nested in it.</summary>
    public IReadOnlyList<string> StructuresFrom(string root)
    {
        var found = new List<string>();
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var structure))
        {
            if (found.Contains(structure))
            {
                continue;
            }

            found.Add(structure);
            foreach (var nested in Members(structure).Values.Select(StructureIn).OfType<string>())
            {
                pending.Push(nested);
            }
        }

        return found;
    }

    /// <summary>
    /// Every way <paramref name="value"/> breaks the model's constraints for <paramref name="shape"/>
    /// (types, required members, lengths, patterns, enums, list and map sizes, ranges). Members the
    /// model does not know are reported in <paramref name="unknownMembers"/>, not as errors.
    /// </summary>
    public List<string> Validate(JsonElement value, string shape, ICollection<string>? seenMembers = null, ICollection<string>? unknownMembers = null)
    {
        var errors = new List<string>();
        Validate(value, shape, "$", errors, seenMembers, unknownMembers);
        return errors;
    }

    private void Validate(JsonElement value, string shapeName, string path, List<string> errors, ICollection<string>? seen, ICollection<string>? unknown)
    {
        var shape = Shape(shapeName);
        switch (TypeOf(shapeName))
        {
            case "structure":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{path}: expected an object");
                    return;
                }

                var members = Members(shapeName);
                if (shape.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    {
                        if (!value.TryGetProperty(name, out _))
                        {
                            errors.Add($"{path}.{name}: required");
                        }
                    }
                }

                foreach (var property in value.EnumerateObject())
                {
                    if (members.TryGetValue(property.Name, out var memberShape))
                    {
                        seen?.Add($"{shapeName}.{property.Name}");
                        Validate(property.Value, memberShape, $"{path}.{property.Name}", errors, seen, unknown);
                    }
                    else
                    {
                        unknown?.Add($"{shapeName}.{property.Name}");
                    }
                }

                break;

            case "list":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"{path}: expected an array");
                    return;
                }

                CheckSize(shape, value.GetArrayLength(), path, errors);
                var itemShape = shape.GetProperty("member").GetProperty("shape").GetString()!;
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Validate(item, itemShape, $"{path}[{index++}]", errors, seen, unknown);
                }

                break;

            case "map":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{path}: expected an object (map)");
                    return;
                }

                CheckSize(shape, value.EnumerateObject().Count(), path, errors);
                var keyShape = shape.GetProperty("key").GetProperty("shape").GetString()!;
                var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                foreach (var entry in value.EnumerateObject())
                {
                    using var key = JsonDocument.Parse(JsonSerializer.Serialize(entry.Name));
                    Validate(key.RootElement, keyShape, $"{path} key '{entry.Name}'", errors, seen, unknown);
                    Validate(entry.Value, valueShape, $"{path}['{entry.Name}']", errors, seen, unknown);
                }

                break;

            case "string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    errors.Add($"{path}: expected a string");
                    return;
                }

                var text = value.GetString()!;
                CheckSize(shape, text.Length, path, errors);
                if (shape.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.GetString() == text))
                {
                    errors.Add($"{path}: '{text}' is not in the enum");
                }

                if (shape.TryGetProperty("pattern", out var pattern) && !Pattern(pattern.GetString()!).IsMatch(text))
                {
                    errors.Add($"{path}: '{text}' does not match {pattern.GetString()}");
                }

                break;

            case "integer" or "long":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
                {
                    errors.Add($"{path}: expected an integer");
                    return;
                }

                CheckSize(shape, number, path, errors);
                break;

            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{path}: expected a boolean");
                }

                break;

            default:
                break;
        }
    }

    private static void CheckSize(JsonElement shape, long size, string path, List<string> errors)
    {
        if (shape.TryGetProperty("min", out var min) && size < min.GetInt64())
        {
            errors.Add($"{path}: {size.ToString(CultureInfo.InvariantCulture)} below min {min}");
        }

        if (shape.TryGetProperty("max", out var max) && size > max.GetInt64())
        {
            errors.Add($"{path}: {size.ToString(CultureInfo.InvariantCulture)} above max {max}");
        }
    }

    /// <summary>AWS patterns are ECMA-262 regexes (FACTS §8): ASCII <c>\d</c>, <c>\w</c>.</summary>
    private Regex Pattern(string pattern)
    {
        lock (_patterns)
        {
            if (!_patterns.TryGetValue(pattern, out var regex))
            {
                regex = new Regex(pattern, RegexOptions.ECMAScript);
                _patterns[pattern] = regex;
            }

            return regex;
        }
    }
}
