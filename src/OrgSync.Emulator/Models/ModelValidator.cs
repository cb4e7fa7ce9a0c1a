using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrgSync.Emulator.Models;

/// <summary>A value that breaks a model constraint (AWS answers ValidationException).</summary>
internal sealed record ConstraintViolation(ValuePath Path, string? RenderedValue, string Constraint)
{
    /// <summary>AWS's wording: <c>Value 'x' at 'a.b' failed to satisfy constraint: Member must …</c>.</summary>
    public string ToAwsMessage() =>
        (RenderedValue is null ? "Value null" : $"Value '{RenderedValue}'") + $" at '{Path.ToAwsPath()}' failed to satisfy constraint: {Constraint}";
}

/// <summary>A value of the wrong JSON type (AWS answers SerializationException: it cannot even be read).</summary>
internal sealed record TypeMismatch(ValuePath Path, string Expected, string Found);

internal sealed class ValidationReport
{
    public List<ConstraintViolation> Violations { get; } = [];

    public List<TypeMismatch> TypeMismatches { get; } = [];

    public bool IsValid => Violations.Count == 0 && TypeMismatches.Count == 0;

    /// <summary><c>1 validation error detected: …</c> / <c>N validation errors detected: …; …</c></summary>
    public string ToAwsValidationMessage()
    {
        var count = Violations.Count;
        var head = count == 1 ? "1 validation error detected: " : $"{count} validation errors detected: ";
        return head + string.Join("; ", Violations.Select(v => v.ToAwsMessage()));
    }

    public string ToAwsSerializationMessage()
    {
        var first = TypeMismatches[0];
        var where = first.Path.IsRoot ? "the request body" : $"'{first.Path.ToAwsPath()}'";
        return $"Cannot read {where}: expected {first.Expected} but found {first.Found}";
    }
}

internal sealed record ValidationOptions
{
    /// <summary>Strict mode: a member the model does not define is an error (AWS would silently drop it).</summary>
    public bool RejectUnknownMembers { get; init; } = true;

    public bool EnforceRequired { get; init; } = true;

    /// <summary>
    /// AWS reports a constraint on the elements of a list of scalars (or on map keys/values) once, at
    /// the collection: <c>Member must satisfy constraint: [Member must …]</c>. State-file checks want
    /// one error per element with its own JSON path instead.
    /// </summary>
    public bool AggregateCollectionElements { get; init; } = true;

    public static ValidationOptions StrictRequest { get; } = new();

    /// <summary>
    /// Output shapes as AWS returns them (and as state files hold them) carry empty collections such as
    /// <c>"tags": {}</c> where an input would need at least one element.
    /// </summary>
    public bool AllowEmptyCollections { get; init; }

    public static ValidationOptions StateDocument { get; } = new()
    {
        RejectUnknownMembers = false,
        AllowEmptyCollections = true,
        AggregateCollectionElements = false,
    };
}

/// <summary>
/// Checks a JSON value against a model shape: JSON types, required members, string length, patterns
/// (full match), enums, list/map sizes, number ranges and, in strict mode, members the model does not
/// define. Generic over the model: every rule comes from the shape.
/// </summary>
internal static class ModelValidator
{
    private const int MaxRenderedValue = 512;

    public static ValidationReport Validate(ShapeModel shape, JsonNode? value, ValidationOptions options)
    {
        var report = new ValidationReport();
        if (value is null)
        {
            value = new JsonObject();
        }

        Visit(shape, value, ValuePath.Root, options, report);
        return report;
    }

    private static void Visit(ShapeModel shape, JsonNode node, ValuePath path, ValidationOptions options, ValidationReport report)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                VisitStructure(shape, node, path, options, report);
                break;
            case ShapeType.List:
                VisitList(shape, node, path, options, report);
                break;
            case ShapeType.Map:
                VisitMap(shape, node, path, options, report);
                break;
            default:
                foreach (var problem in ScalarProblems(shape, node, path, report))
                {
                    report.Violations.Add(new ConstraintViolation(path, Render(node), problem));
                }

                break;
        }
    }

    private static void VisitStructure(ShapeModel shape, JsonNode node, ValuePath path, ValidationOptions options, ValidationReport report)
    {
        if (node is not JsonObject obj)
        {
            report.TypeMismatches.Add(new TypeMismatch(path, "an object", Describe(node)));
            return;
        }

        foreach (var member in shape.OrderedMembers)
        {
            if (obj.TryGetPropertyValue(member.Name, out var child) && child is not null)
            {
                Visit(member.Shape, child, path.Member(member.Name), options, report);
            }
            else if (options.EnforceRequired && shape.Required.Contains(member.Name))
            {
                report.Violations.Add(new ConstraintViolation(path.Member(member.Name), null, "Member must not be null"));
            }
        }

        if (!options.RejectUnknownMembers)
        {
            return;
        }

        foreach (var (name, child) in obj)
        {
            if (shape.Members.ContainsKey(name))
            {
                continue;
            }

            var suggestion = shape.OrderedMembers.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
            var hint = suggestion is null
                ? $"valid members are [{string.Join(", ", shape.OrderedMembers.Select(m => m.Name))}]"
                : $"did you mean '{suggestion.Name}'? (member names are case-sensitive)";
            report.Violations.Add(new ConstraintViolation(
                path.Member(name),
                child is null ? null : Render(child),
                $"Member '{name}' is not defined in {shape.Name} (AWS would silently ignore it, this emulator rejects it): {hint}"));
        }
    }

    private static void VisitList(ShapeModel shape, JsonNode node, ValuePath path, ValidationOptions options, ValidationReport report)
    {
        if (node is not JsonArray array)
        {
            report.TypeMismatches.Add(new TypeMismatch(path, "a list", Describe(node)));
            return;
        }

        foreach (var problem in SizeProblems(shape, array.Count, options))
        {
            report.Violations.Add(new ConstraintViolation(path, Render(array), problem));
        }

        var element = shape.ListMember!.Shape;
        var scalar = element.Type is not (ShapeType.Structure or ShapeType.List or ShapeType.Map);
        var aggregated = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            var itemPath = path.Index(i);
            if (item is null)
            {
                AddElementProblem(options, report, aggregated, itemPath, null, "Member must not be null");
                continue;
            }

            if (scalar && options.AggregateCollectionElements)
            {
                foreach (var problem in ScalarProblems(element, item, itemPath, report))
                {
                    aggregated.Add(problem);
                }
            }
            else
            {
                Visit(element, item, itemPath, options, report);
            }
        }

        if (aggregated.Count > 0)
        {
            report.Violations.Add(new ConstraintViolation(path, Render(array), $"Member must satisfy constraint: [{string.Join(", ", aggregated.Distinct())}]"));
        }
    }

    private static void VisitMap(ShapeModel shape, JsonNode node, ValuePath path, ValidationOptions options, ValidationReport report)
    {
        if (node is not JsonObject obj)
        {
            report.TypeMismatches.Add(new TypeMismatch(path, "a map (JSON object)", Describe(node)));
            return;
        }

        foreach (var problem in SizeProblems(shape, obj.Count, options))
        {
            report.Violations.Add(new ConstraintViolation(path, Render(obj), problem));
        }

        var keyShape = shape.MapKey!.Shape;
        var valueShape = shape.MapValue!.Shape;
        var valueIsScalar = valueShape.Type is not (ShapeType.Structure or ShapeType.List or ShapeType.Map);
        var keyProblems = new List<string>();
        var valueProblems = new List<string>();
        foreach (var (key, value) in obj)
        {
            var entryPath = path.MapEntry(key);
            foreach (var problem in StringProblems(keyShape, key))
            {
                if (options.AggregateCollectionElements)
                {
                    keyProblems.Add(problem);
                }
                else
                {
                    report.Violations.Add(new ConstraintViolation(entryPath, key, "Map key: " + problem));
                }
            }

            if (value is null)
            {
                AddElementProblem(options, report, valueProblems, entryPath, null, "Member must not be null");
            }
            else if (valueIsScalar && options.AggregateCollectionElements)
            {
                valueProblems.AddRange(ScalarProblems(valueShape, value, entryPath, report));
            }
            else
            {
                Visit(valueShape, value, entryPath, options, report);
            }
        }

        if (keyProblems.Count > 0)
        {
            report.Violations.Add(new ConstraintViolation(path, Render(obj), $"Map keys must satisfy constraint: [{string.Join(", ", keyProblems.Distinct())}]"));
        }

        if (valueProblems.Count > 0)
        {
            report.Violations.Add(new ConstraintViolation(path, Render(obj), $"Map value must satisfy constraint: [{string.Join(", ", valueProblems.Distinct())}]"));
        }
    }

    private static void AddElementProblem(ValidationOptions options, ValidationReport report, List<string> aggregated, ValuePath path, string? rendered, string problem)
    {
        if (options.AggregateCollectionElements)
        {
            aggregated.Add(problem);
        }
        else
        {
            report.Violations.Add(new ConstraintViolation(path, rendered, problem));
        }
    }

    /// <summary>Problems of a scalar value; a wrong JSON type is recorded as a mismatch and yields none.</summary>
    private static IEnumerable<string> ScalarProblems(ShapeModel shape, JsonNode node, ValuePath path, ValidationReport report)
    {
        if (node is not JsonValue value)
        {
            report.TypeMismatches.Add(new TypeMismatch(path, Expected(shape), Describe(node)));
            return [];
        }

        var kind = value.GetValueKind();
        switch (shape.Type)
        {
            case ShapeType.String:
                if (kind != JsonValueKind.String)
                {
                    break;
                }

                return StringProblems(shape, value.GetValue<string>());
            case ShapeType.Integer or ShapeType.Long:
                if (kind != JsonValueKind.Number)
                {
                    break;
                }

                var fits = shape.Type == ShapeType.Integer
                    ? value.TryGetValue<int>(out var i32) ? (long?)i32 : TryReadInt(value, int.MinValue, int.MaxValue)
                    : TryReadInt(value, long.MinValue, long.MaxValue);
                if (fits is not { } number)
                {
                    report.TypeMismatches.Add(new TypeMismatch(path, Expected(shape), "the number " + value.ToJsonString()));
                    return [];
                }

                return RangeProblems(shape, number);
            case ShapeType.Double or ShapeType.Float:
                if (kind != JsonValueKind.Number)
                {
                    break;
                }

                return [];
            case ShapeType.Boolean:
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    break;
                }

                return [];
            case ShapeType.Timestamp:
                // As the model puts it on the wire: epoch seconds in the JSON protocols (text there is what an
                // SDK cannot read back), ISO-8601 text in the query protocol.
                if (shape.TimestampFormat == TimestampFormat.EpochSeconds
                    ? kind == JsonValueKind.Number
                    : kind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                {
                    return [];
                }

                break;
            case ShapeType.Blob:
                if (kind == JsonValueKind.String && IsBase64(value.GetValue<string>()))
                {
                    return [];
                }

                break;
        }

        report.TypeMismatches.Add(new TypeMismatch(path, Expected(shape), Describe(node)));
        return [];
    }

    private static long? TryReadInt(JsonValue value, long min, long max)
    {
        if (value.TryGetValue<long>(out var l))
        {
            return l >= min && l <= max ? l : null;
        }

        // A JsonValue parsed from text holds a JsonElement; an integral value written as 5.0 is still not an integer.
        if (value.TryGetValue<JsonElement>(out var element) && element.TryGetInt64(out var fromElement))
        {
            return fromElement >= min && fromElement <= max ? fromElement : null;
        }

        return null;
    }

    internal static IEnumerable<string> StringProblems(ShapeModel shape, string text)
    {
        if (shape.Pattern is { } pattern && !pattern.IsFullMatch(text))
        {
            yield return "Member must satisfy regular expression pattern: " + shape.PatternSource;
        }

        if (shape.Max is { } max && text.Length > max)
        {
            yield return $"Member must have length less than or equal to {max}";
        }

        if (shape.Min is { } min && text.Length < min)
        {
            yield return $"Member must have length greater than or equal to {min}";
        }

        if (shape.EnumSet is { } values && !values.Contains(text))
        {
            yield return $"Member must satisfy enum value set: [{string.Join(", ", shape.Enum!)}]";
        }
    }

    private static IEnumerable<string> RangeProblems(ShapeModel shape, long number)
    {
        if (shape.Max is { } max && number > max)
        {
            yield return $"Member must have value less than or equal to {max}";
        }

        if (shape.Min is { } min && number < min)
        {
            yield return $"Member must have value greater than or equal to {min}";
        }
    }

    private static IEnumerable<string> SizeProblems(ShapeModel shape, int count, ValidationOptions options)
    {
        if (count == 0 && options.AllowEmptyCollections)
        {
            yield break;
        }

        if (shape.Max is { } max && count > max)
        {
            yield return $"Member must have length less than or equal to {max}";
        }

        if (shape.Min is { } min && count < min)
        {
            yield return $"Member must have length greater than or equal to {min}";
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static string Expected(ShapeModel shape) => shape.Type switch
    {
        ShapeType.String => "a string",
        ShapeType.Integer => "an integer (32-bit)",
        ShapeType.Long => "an integer (64-bit)",
        ShapeType.Double or ShapeType.Float => "a number",
        ShapeType.Boolean => "a boolean",
        ShapeType.Timestamp => shape.TimestampFormat == TimestampFormat.EpochSeconds ? "a timestamp (epoch seconds)" : "a timestamp (ISO-8601 text)",
        ShapeType.Blob => "a base64 string",
        ShapeType.Structure => "an object",
        ShapeType.List => "a list",
        ShapeType.Map => "a map",
        var other => other.ToString(),
    };

    internal static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        },
        _ => "an unknown value",
    };

    /// <summary>Java-style rendering, as Coral quotes values: strings raw, lists <c>[a, b]</c>, maps <c>{k=v}</c>.</summary>
    internal static string Render(JsonNode? node)
    {
        var sb = new StringBuilder();
        RenderInto(sb, node);
        return sb.Length > MaxRenderedValue ? sb.ToString(0, MaxRenderedValue) + "..." : sb.ToString();
    }

    private static void RenderInto(StringBuilder sb, JsonNode? node)
    {
        if (sb.Length > MaxRenderedValue)
        {
            return;
        }

        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    RenderInto(sb, array[i]);
                }

                sb.Append(']');
                break;
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    sb.Append(key).Append('=');
                    RenderInto(sb, value);
                }

                sb.Append('}');
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                sb.Append(value.GetValue<string>());
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }
}
