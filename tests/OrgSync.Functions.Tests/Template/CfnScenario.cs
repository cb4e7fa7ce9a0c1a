// The string literals name members of CloudFormation JSON, which happen to share names with C# properties here.
#pragma warning disable CA1507

using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrgSync.Functions.Tests.Template;

/// <summary>
/// A template as CloudFormation would see it for one set of parameter values: conditions evaluated,
/// <c>Fn::If</c> branches chosen, <c>AWS::NoValue</c> removed, parameters and pseudo parameters
/// substituted (in <c>Ref</c>, <c>Fn::Sub</c>, <c>Fn::Join</c>, <c>Fn::FindInMap</c>, <c>Fn::Split</c>,
/// <c>Fn::Select</c>), resources and outputs whose condition is false dropped. References to
/// resources (<c>Ref</c>, <c>Fn::GetAtt</c>, <c>${Resource.Attribute}</c>) stay as they are.
/// </summary>
internal sealed partial class CfnScenario
{
    public const string AccountId = "123456789012";
    public const string Region = "eu-west-1";

    private static readonly JsonNode NoValue = JsonValue.Create("\u0000AWS::NoValue")!;

    private readonly JsonObject _template;
    private readonly Dictionary<string, JsonNode> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _conditions = new(StringComparer.Ordinal);

    public CfnScenario(JsonObject template, IReadOnlyDictionary<string, string>? overrides = null)
    {
        _template = template;
        overrides ??= new Dictionary<string, string>();
        var declared = template["Parameters"]?.AsObject() ?? [];
        foreach (var name in overrides.Keys)
        {
            Assert.True(declared.ContainsKey(name), $"test scenario sets parameter '{name}', which the template does not declare");
        }

        foreach (var (name, parameter) in declared)
        {
            var raw = overrides.TryGetValue(name, out var given)
                ? given
                : parameter!["Default"] is { } fallback
                    ? fallback.GetValueKind() == System.Text.Json.JsonValueKind.String ? fallback.GetValue<string>() : fallback.ToJsonString()
                    : throw new InvalidOperationException($"parameter '{name}' has no Default; the scenario must set it");
            var type = parameter!["Type"].Text() ?? "String";
            _parameters[name] = type is "CommaDelimitedList" or "List<Number>" || type.StartsWith("List<", StringComparison.Ordinal)
                ? new JsonArray(raw.Split(',').Select(item => (JsonNode?)JsonValue.Create(item.Trim())).ToArray())
                : JsonValue.Create(raw)!;
        }

        Resources = new JsonObject();
        foreach (var (id, resource) in template["Resources"]?.AsObject() ?? [])
        {
            if (resource!["Condition"].Text() is { } condition && !Condition(condition))
            {
                continue;
            }

            Resources[id] = Resolve(resource);
        }

        Outputs = new JsonObject();
        foreach (var (name, output) in template["Outputs"]?.AsObject() ?? [])
        {
            if (output!["Condition"].Text() is { } condition && !Condition(condition))
            {
                continue;
            }

            Outputs[name] = Resolve(output);
        }

        Globals = template["Globals"] is { } globals ? Resolve(globals)!.AsObject() : [];
    }

    public JsonObject Resources { get; }

    public JsonObject Outputs { get; }

    public JsonObject Globals { get; }

    public JsonNode Parameter(string name) => _parameters[name];

    public JsonObject Resource(string id)
    {
        Assert.True(Resources.ContainsKey(id), $"template.yaml has no resource '{id}' in this scenario (resources: {string.Join(", ", Resources.Select(r => r.Key))})");
        return Resources[id]!.AsObject();
    }

    public IEnumerable<(string Id, JsonObject Resource)> ResourcesOfType(string type) =>
        Resources.Where(r => r.Value!["Type"].Text() == type).Select(r => (r.Key, r.Value!.AsObject()));

    /// <summary>A function property, falling back to Globals.Function as SAM does.</summary>
    public JsonNode? FunctionProperty(string functionId, string property) =>
        Resource(functionId)["Properties"]?[property] ?? Globals["Function"]?[property];

    /// <summary>
    /// The AssertDescription of every assertion of the template's Rules that fails for these parameter
    /// values, as CloudFormation checks them before it creates anything (a rule whose RuleCondition is
    /// false asserts nothing).
    /// </summary>
    public IReadOnlyList<string> FailedRuleAssertions()
    {
        var failed = new List<string>();
        foreach (var (_, rule) in _template["Rules"]?.AsObject() ?? [])
        {
            if (rule!["RuleCondition"] is { } applies && !Truth(applies))
            {
                continue;
            }

            failed.AddRange(rule["Assertions"]!.AsArray()
                .Where(assertion => !Truth(assertion!["Assert"]!))
                .Select(assertion => assertion!["AssertDescription"].Text() ?? assertion.Show()));
        }

        return failed;
    }

    public bool Condition(string name)
    {
        if (_conditions.TryGetValue(name, out var known))
        {
            return known;
        }

        var definition = _template["Conditions"]?[name]
            ?? throw new InvalidOperationException($"condition '{name}' is not declared");
        return _conditions[name] = Truth(definition);
    }

    private bool Truth(JsonNode node)
    {
        var value = Resolve(node);
        return value is JsonValue v && v.TryGetValue<bool>(out var truth)
            ? truth
            : throw new InvalidOperationException($"condition does not evaluate to a boolean: {node.Show()}");
    }

    private JsonNode? Resolve(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    var resolved = Resolve(item);
                    if (!IsNoValue(resolved))
                    {
                        items.Add(resolved);
                    }
                }

                return items;

            case JsonObject obj when obj.Count == 1:
                var (key, argument) = obj.First();
                return key switch
                {
                    "Ref" => ResolveRef(argument.Text()!, obj),
                    "Condition" => JsonValue.Create(Condition(argument.Text()!)),
                    "Fn::If" => Condition(argument![0].Text()!) ? Resolve(argument[1]) : Resolve(argument[2]),
                    "Fn::Equals" => JsonValue.Create(Scalar(Resolve(argument![0])) == Scalar(Resolve(argument[1]))),
                    "Fn::Not" => JsonValue.Create(!Truth(argument![0]!)),
                    "Fn::And" => JsonValue.Create(argument!.AsArray().All(item => Truth(item!))),
                    "Fn::Or" => JsonValue.Create(argument!.AsArray().Any(item => Truth(item!))),
                    "Fn::Contains" => JsonValue.Create(Resolve(argument![0])!.AsArray().Any(item => Scalar(item) == Scalar(Resolve(argument[1])))),
                    "Fn::Join" => ResolveJoin(argument!.AsArray()),
                    "Fn::Split" => ResolveSplit(argument!.AsArray()),
                    "Fn::Select" => ResolveSelect(argument!.AsArray()),
                    "Fn::FindInMap" => ResolveFindInMap(argument!.AsArray()),
                    "Fn::Sub" => ResolveSub(argument!),
                    _ => ResolveObject(obj),
                };

            case JsonObject obj:
                return ResolveObject(obj);

            default:
                return node?.DeepClone();
        }
    }

    private JsonObject ResolveObject(JsonObject obj)
    {
        var result = new JsonObject();
        foreach (var (name, value) in obj)
        {
            var resolved = Resolve(value);
            if (!IsNoValue(resolved))
            {
                result[name] = resolved;
            }
        }

        return result;
    }

    private JsonNode? ResolveRef(string name, JsonObject original) => name switch
    {
        "AWS::NoValue" => NoValue,
        "AWS::AccountId" => JsonValue.Create(AccountId),
        "AWS::Region" => JsonValue.Create(Region),
        "AWS::Partition" => JsonValue.Create("aws"),
        "AWS::URLSuffix" => JsonValue.Create("amazonaws.com"),
        "AWS::StackName" => JsonValue.Create("orgsync"),
        _ when _parameters.TryGetValue(name, out var value) => value.DeepClone(),
        _ => original.DeepClone(),
    };

    private JsonNode? ResolveJoin(JsonArray arguments)
    {
        var delimiter = arguments[0].Text()!;
        var list = Resolve(arguments[1]);
        return list is JsonArray items && items.All(item => item.Text() is not null)
            ? JsonValue.Create(string.Join(delimiter, items.Select(item => item.Text())))
            : new JsonObject { ["Fn::Join"] = new JsonArray(JsonValue.Create(delimiter), list) };
    }

    private JsonNode? ResolveSplit(JsonArray arguments)
    {
        var delimiter = arguments[0].Text()!;
        var source = Resolve(arguments[1]);
        return source.Text() is { } text
            ? new JsonArray(text.Split(delimiter).Select(part => (JsonNode?)JsonValue.Create(part)).ToArray())
            : new JsonObject { ["Fn::Split"] = new JsonArray(JsonValue.Create(delimiter), source) };
    }

    private JsonNode? ResolveSelect(JsonArray arguments)
    {
        var index = Resolve(arguments[0]);
        var list = Resolve(arguments[1]);
        var position = index switch
        {
            JsonValue v when v.TryGetValue<int>(out var i) => i,
            JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, CultureInfo.InvariantCulture, out var i) => i,
            _ => -1,
        };
        return list is JsonArray items && position >= 0 && position < items.Count
            ? items[position]!.DeepClone()
            : new JsonObject { ["Fn::Select"] = new JsonArray(index, list) };
    }

    private JsonNode? ResolveFindInMap(JsonArray arguments)
    {
        var map = Scalar(Resolve(arguments[0]));
        var first = Scalar(Resolve(arguments[1]));
        var second = Scalar(Resolve(arguments[2]));
        var value = _template["Mappings"]?[map]?[first]?[second]
            ?? throw new InvalidOperationException($"Fn::FindInMap [{map}, {first}, {second}] has no value");
        return value.DeepClone();
    }

    private JsonNode? ResolveSub(JsonNode argument)
    {
        var (text, variables) = argument is JsonArray pair
            ? (pair[0].Text()!, pair[1]!.AsObject())
            : (argument.Text()!, new JsonObject());
        var substituted = SubVariable().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (name.StartsWith('!'))
            {
                return match.Value;
            }

            var value = variables.ContainsKey(name)
                ? Resolve(variables[name])
                : !name.Contains('.', StringComparison.Ordinal) || name.StartsWith("AWS::", StringComparison.Ordinal)
                    ? ResolveRef(name, new JsonObject { ["Ref"] = name })
                    : null;
            return value.Text() ?? match.Value;
        });
        return SubVariable().IsMatch(substituted)
            ? new JsonObject { ["Fn::Sub"] = substituted }
            : JsonValue.Create(substituted);
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => node.Show(),
    };

    private static bool IsNoValue(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s == NoValue.GetValue<string>();

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex SubVariable();
}
