// The string literals name members of CloudFormation JSON, which happen to share names with C# properties here.
#pragma warning disable CA1507

using System.Text.Json.Nodes;

namespace OrgSync.Functions.Tests.Template;

/// <summary>One statement of an identity policy in a template, with where it was found.</summary>
internal sealed record PolicyStatement(string Where, JsonObject Statement)
{
    public string Effect => Statement["Effect"].Text() ?? "";

    public IReadOnlyList<string> Actions => Statement["Action"].Texts();

    public IReadOnlyList<string> NotActions => Statement["NotAction"].Texts();

    /// <summary>Resources as strings; an unresolved intrinsic (e.g. !GetAtt) is shown as its JSON.</summary>
    public IReadOnlyList<string> Resources => Statement["Resource"] switch
    {
        JsonArray list => list.Select(r => r.Text() ?? r.Show()).ToList(),
        null => [],
        var single => [single.Text() ?? single.Show()],
    };

    public string Sid => Statement["Sid"].Text() ?? "(no Sid)";

    public override string ToString() => $"{Where} statement {Sid}: {Statement.Show()}";
}

internal static class IamPolicies
{
    /// <summary>
    /// Writes the Service Authorization Reference gives no resource type, so "*" is the only Resource
    /// that works: Step Functions' task callbacks, authorized by the task token itself.
    /// </summary>
    public static readonly IReadOnlySet<string> WritesWithoutResourceType = new HashSet<string>(StringComparer.Ordinal)
    {
        "states:SendTaskSuccess",
        "states:SendTaskFailure",
    };

    // Access levels Read and List of the Service Authorization Reference start with these verbs.
    private static readonly string[] ReadVerbs = ["Get", "Describe", "List", "BatchGet", "Query", "Scan", "Select", "Lookup"];

    /// <summary>
    /// Every statement of every identity policy: inline role policies, managed policies, AWS::IAM::Policy,
    /// and inline statements given to SAM functions through Policies. SAM policy templates
    /// (e.g. <c>SQSPollerPolicy</c>) are reported as a statement whose Action is the template name,
    /// so a test sees them too.
    /// </summary>
    public static IEnumerable<PolicyStatement> IdentityStatements(JsonObject resources)
    {
        foreach (var (id, resource) in resources)
        {
            var type = resource!["Type"].Text();
            var properties = resource["Properties"];
            switch (type)
            {
                case "AWS::IAM::Role":
                case "AWS::IAM::User":
                case "AWS::IAM::Group":
                    foreach (var policy in properties?["Policies"]?.AsArray() ?? [])
                    {
                        foreach (var statement in Statements(policy?["PolicyDocument"]))
                        {
                            yield return new PolicyStatement($"{id} policy {policy!["PolicyName"].Text()}", statement);
                        }
                    }

                    break;
                case "AWS::IAM::ManagedPolicy":
                case "AWS::IAM::Policy":
                case "AWS::IAM::RolePolicy":
                    foreach (var statement in Statements(properties?["PolicyDocument"]))
                    {
                        yield return new PolicyStatement(id, statement);
                    }

                    break;
                case "AWS::Serverless::Function":
                    var policies = properties?["Policies"];
                    foreach (var policy in policies is JsonArray list ? list.ToArray() : policies is null ? [] : [policies])
                    {
                        if (policy is JsonObject obj && obj.ContainsKey("Statement"))
                        {
                            foreach (var statement in Statements(obj))
                            {
                                yield return new PolicyStatement($"{id} Policies", statement);
                            }
                        }
                        else if (policy is JsonObject template)
                        {
                            foreach (var (name, _) in template)
                            {
                                yield return new PolicyStatement($"{id} Policies", new JsonObject { ["Effect"] = "Allow", ["Action"] = $"sam-policy-template:{name}", ["Resource"] = "(template)" });
                            }
                        }
                        else if (policy.Text() is { } managed)
                        {
                            yield return new PolicyStatement($"{id} Policies", new JsonObject { ["Effect"] = "Allow", ["Action"] = $"managed-policy:{managed}", ["Resource"] = "*" });
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>What one role is granted: its inline policies and the managed policies of the template it attaches.</summary>
    public static IEnumerable<PolicyStatement> RoleStatements(JsonObject resources, string roleId)
    {
        var role = resources[roleId]!.AsObject();
        var attached = role["Properties"]?["ManagedPolicyArns"]?.AsArray().Select(arn => arn?["Ref"].Text()).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
        return IdentityStatements(resources).Where(statement =>
            statement.Where.StartsWith(roleId + " policy ", StringComparison.Ordinal) || attached.Contains(statement.Where));
    }

    /// <summary>Managed policy ARNs attached to roles (by ManagedPolicyArns), with the role.</summary>
    public static IEnumerable<(string Role, string PolicyArn)> AttachedManagedPolicies(JsonObject resources)
    {
        foreach (var (id, resource) in resources)
        {
            foreach (var arn in resource!["Properties"]?["ManagedPolicyArns"]?.AsArray() ?? [])
            {
                yield return (id, arn.Text() ?? arn.Show());
            }
        }
    }

    public static bool IsReadOnly(string action)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || action.Contains('*', StringComparison.Ordinal))
        {
            return false;
        }

        var verb = action[(colon + 1)..];
        return ReadVerbs.Any(read => verb.StartsWith(read, StringComparison.Ordinal));
    }

    private static IEnumerable<JsonObject> Statements(JsonNode? document) => document?["Statement"] switch
    {
        JsonArray list => list.OfType<JsonObject>(),
        JsonObject single => [single],
        _ => [],
    };
}
