// The string literals name members of IAM policy JSON, which happen to share names with C# properties here.
#pragma warning disable CA1507

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrgSync.Functions.Tests.Template;

/// <summary>
/// IAM's evaluation of one resource policy (a queue policy) for one request, enough for the
/// templates' policies: Action with wildcards, Principal "*" / Service / AWS, and the Arn*, String*
/// and Bool condition operators with IAM's rules - conditions of a statement all hold, any value of a
/// key's list may match, and a key the request lacks makes a positive operator false and a negated
/// one (…Not…) true. Unresolved ARNs (!GetAtt) compare as their JSON.
/// </summary>
internal static class ResourcePolicy
{
    public static PolicyDecision Evaluate(JsonArray statements, PolicyRequest request)
    {
        var matching = statements.OfType<JsonObject>().Where(statement => Applies(statement, request)).ToList();
        return matching.Any(s => s["Effect"].Text() == "Deny") ? PolicyDecision.Denied
            : matching.Any(s => s["Effect"].Text() == "Allow") ? PolicyDecision.Allowed
            : PolicyDecision.NotMentioned;
    }

    /// <summary>How a request names an unresolved <c>!GetAtt Resource.Arn</c>.</summary>
    public static string Arn(string resource) => new JsonObject { ["Fn::GetAtt"] = new JsonArray("" + resource, "Arn") }.Show();

    private static bool Applies(JsonObject statement, PolicyRequest request) =>
        statement["Action"].Texts().Any(action => Glob(action, request.Action, ignoreCase: true))
        && PrincipalMatches(statement["Principal"], request)
        && (statement["Condition"] as JsonObject ?? []).All(block => block.Value!.AsObject().All(test => Holds(block.Key, test.Key, test.Value, request)));

    private static bool PrincipalMatches(JsonNode? principal, PolicyRequest request) => principal switch
    {
        JsonValue => principal.Text() == "*",
        JsonObject obj when request.Service is { } service => obj["Service"].Texts().Contains(service),
        JsonObject obj => obj["AWS"] is not null,
        _ => false,
    };

    private static bool Holds(string conditionOperator, string key, JsonNode? expected, PolicyRequest request)
    {
        var negated = conditionOperator.Contains("Not", StringComparison.Ordinal);
        if (!request.Keys.TryGetValue(key, out var actual))
        {
            return negated;
        }

        var values = expected is JsonArray list ? list.Select(Value).ToList() : [Value(expected)];
        var any = conditionOperator switch
        {
            "ArnEquals" or "ArnLike" or "ArnNotEquals" or "ArnNotLike" => values.Any(value => Glob(value, actual, ignoreCase: false)),
            "StringEquals" or "StringNotEquals" => values.Any(value => value == actual),
            "Bool" => values.Any(value => string.Equals(value, actual, StringComparison.OrdinalIgnoreCase)),
            _ => throw new InvalidOperationException($"condition operator {conditionOperator} is not modelled by this test"),
        };
        return negated ? !any : any;
    }

    private static string Value(JsonNode? node) => node.Text() ?? node.Show();

    private static bool Glob(string pattern, string text, bool ignoreCase) =>
        Regex.IsMatch(text, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
}
