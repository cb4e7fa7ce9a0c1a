using System.Text.RegularExpressions;
using OrgSync.Tests.Shared;

namespace OrgSync.Functions.Tests.Template;

/// <summary>
/// Least privilege derived from the code: the AWS API actions granted — to the functions by template.yaml and in the
/// member accounts by infra/member-role.yaml — are exactly the operations src/OrgSync.Aws sends, no more, no less.
/// (RoleGrantTests splits them by function; IamPolicyTests derives the DynamoDB calls the same way.)
/// </summary>
public sealed partial class CalledActionGrantTests
{
    /// <summary>Granted although OrgSync's code never sends them, with the reason.</summary>
    private static readonly Dictionary<string, string> NeededWithoutACall = new(StringComparer.Ordinal)
    {
        ["iam:PassRole"] = "UpdateDistributionConfiguration passes the S3 export role to Image Builder (a dependent action)",
        ["sqs:ReceiveMessage"] = "Lambda's SQS event source mapping polls with the function's role",
        ["sqs:DeleteMessage"] = "Lambda's SQS event source mapping deletes what the function handled",
        ["sqs:ChangeMessageVisibility"] = "Lambda's SQS event source mapping",
        ["sqs:GetQueueAttributes"] = "Lambda's SQS event source mapping",
    };

    /// <summary>SDK operations authorized by another action (Service Authorization Reference).</summary>
    private static readonly Dictionary<string, string> AuthorizedAs = new(StringComparer.Ordinal)
    {
        ["sqs:SendMessageBatch"] = "sqs:SendMessage",
    };

    /// <summary>The AWS SDK clients src/OrgSync.Aws calls directly, by the expression it calls them through.</summary>
    private static readonly Dictionary<string, string> SdkClients = new(StringComparer.Ordinal)
    {
        ["Queues/QueueSender.cs"] = "sqs",
        ["Clients/AwsClientFactory.cs"] = "sts",
    };

    [Fact]
    public async Task The_actions_granted_in_both_templates_are_exactly_the_operations_the_code_sends()
    {
        var sent = OperationsSentByTheCode();
        Assert.Contains("config:PutConfigurationAggregator", sent);
        Assert.Contains("sts:AssumeRole", sent);
        Assert.Contains("sqs:SendMessage", sent);

        var functions = Granted(IamPolicies.IdentityStatements((await Scenarios.SamAsync(nameof(Scenarios.Everything))).Resources));
        var memberTemplate = await TemplateValidation.TemplateAsync("infra/member-role.yaml");
        var members = Granted(IamPolicies.IdentityStatements(new CfnScenario(memberTemplate, new Dictionary<string, string> { ["OrgSyncAccountId"] = "222233334444" }).Resources));

        // Only the services the code calls; logs, kms and lambda belong to the platform, dynamodb to IamPolicyTests.
        var services = sent.Select(ServiceOf).ToHashSet(StringComparer.Ordinal);
        var granted = functions.Union(members).Where(a => services.Contains(ServiceOf(a)) && !NeededWithoutACall.ContainsKey(a)).ToHashSet(StringComparer.Ordinal);

        Assert.True(granted.SetEquals(sent),
            $"granted but never sent: [{string.Join(", ", granted.Except(sent).Order(StringComparer.Ordinal))}]; "
            + $"sent but never granted: [{string.Join(", ", sent.Except(granted).Order(StringComparer.Ordinal))}]");
        Assert.True(!functions.Overlaps(members),
            $"an operation is granted both to the functions and in the member accounts: {string.Join(", ", functions.Intersect(members))}");
    }

    /// <summary>
    /// <c>ServiceOperation.X(Service, …, "Operation")</c> declarations of the OrgSync clients (with the file's
    /// <c>Service</c>, its signing name and IAM prefix), and the calls made through the AWS SDK clients.
    /// </summary>
    private static HashSet<string> OperationsSentByTheCode()
    {
        var root = Path.Combine(RepoPaths.Root, "src", "OrgSync.Aws");
        var sent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            var operations = OperationDeclaration().Matches(text);
            if (operations.Count > 0)
            {
                var service = ServiceConstant().Match(text);
                Assert.True(service.Success, $"{relative} declares operations without a Service constant");
                sent.UnionWith(operations.Select(o => $"{service.Groups[1].Value}:{o.Groups[1].Value}"));
            }

            if (SdkClients.TryGetValue(relative, out var sdkService))
            {
                var calls = SdkCall().Matches(text);
                Assert.True(calls.Count > 0, $"{relative} no longer calls {sdkService} through the SDK: update {nameof(SdkClients)}");
                sent.UnionWith(calls.Select(c => $"{sdkService}:{c.Groups[1].Value}"));
            }
        }

        return [.. sent.Select(a => AuthorizedAs.GetValueOrDefault(a, a))];
    }

    private static HashSet<string> Granted(IEnumerable<PolicyStatement> statements) =>
        statements.Where(s => s.Effect == "Allow").SelectMany(s => s.Actions).ToHashSet(StringComparer.Ordinal);

    private static string ServiceOf(string action) => action[..action.IndexOf(':', StringComparison.Ordinal)];

    [GeneratedRegex(@"ServiceOperation\.\w+\(Service\b[^)]*?""(\w+)""\)")]
    private static partial Regex OperationDeclaration();

    [GeneratedRegex(@"private const string Service = ""(\w+)"";")]
    private static partial Regex ServiceConstant();

    // `_client.SendMessageBatchAsync(` or `_sts.Value.AssumeRoleAsync(`: the operation SendMessageBatch, AssumeRole.
    [GeneratedRegex(@"_(?:client|sts\.Value)\.(\w+)Async\(")]
    private static partial Regex SdkCall();
}
