using OrgSync.Aws.Config;
using OrgSync.Aws.Events;
using OrgSync.Aws.Iam;
using OrgSync.Aws.Organizations;
using OrgSync.Aws.StepFunctions;
using OrgSync.Aws.Tests.Support;

namespace OrgSync.Aws.Tests.Models;

/// <summary>
/// The clients' request and response records against the service models: every member of the model
/// shape has a property with its wire name, and no property names a member the model lacks, so a typo
/// or a model update fails here rather than on the wire.
/// </summary>
public sealed class WireRecordCoverageTests
{
    /// <summary>Members left out on purpose, with the reason.</summary>
    private static readonly Dictionary<(string Shape, string Member), string> Omitted = new()
    {
        [("PutEventsRequest", "EndpointId")] = "global endpoints need SigV4a; OrgSync puts events to the regional endpoint",
    };

    public static TheoryData<string, string, Type, bool> Records => new()
    {
        { "organizations", "Account", typeof(Account), true },
        { "organizations", "Parent", typeof(Parent), true },
        { "organizations", "PolicyTypeSummary", typeof(PolicyTypeSummary), true },
        { "organizations", "Organization", typeof(Organization), true },
        { "organizations", "ListAccountsRequest", typeof(ListAccountsRequest), true },
        { "organizations", "ListAccountsResponse", typeof(ListAccountsResponse), true },
        { "organizations", "DescribeAccountRequest", typeof(DescribeAccountRequest), true },
        { "organizations", "DescribeAccountResponse", typeof(DescribeAccountResponse), true },
        { "organizations", "ListParentsRequest", typeof(ListParentsRequest), true },
        { "organizations", "ListParentsResponse", typeof(ListParentsResponse), true },
        { "organizations", "DescribeOrganizationResponse", typeof(DescribeOrganizationResponse), true },
        { "config", "PutAggregationAuthorizationRequest", typeof(PutAggregationAuthorizationRequest), true },
        { "config", "PutAggregationAuthorizationResponse", typeof(PutAggregationAuthorizationResponse), true },
        { "config", "DeleteAggregationAuthorizationRequest", typeof(DeleteAggregationAuthorizationRequest), true },
        { "config", "DescribeAggregationAuthorizationsRequest", typeof(DescribeAggregationAuthorizationsRequest), true },
        { "config", "DescribeAggregationAuthorizationsResponse", typeof(DescribeAggregationAuthorizationsResponse), true },
        { "config", "AggregationAuthorization", typeof(AggregationAuthorization), true },
        { "config", "DescribeConfigurationAggregatorSourcesStatusRequest", typeof(DescribeConfigurationAggregatorSourcesStatusRequest), true },
        { "config", "DescribeConfigurationAggregatorSourcesStatusResponse", typeof(DescribeConfigurationAggregatorSourcesStatusResponse), true },
        { "config", "AggregatedSourceStatus", typeof(AggregatedSourceStatus), true },
        { "events", "PutEventsRequest", typeof(PutEventsRequest), true },
        { "events", "PutEventsRequestEntry", typeof(PutEventsRequestEntry), true },
        { "events", "PutEventsResponse", typeof(PutEventsResponse), true },
        { "events", "PutEventsResultEntry", typeof(PutEventsResultEntry), true },
        { "events", "DescribeEventBusRequest", typeof(DescribeEventBusRequest), true },
        { "events", "DescribeEventBusResponse", typeof(DescribeEventBusResponse), true },
        { "stepfunctions", "SendTaskSuccessInput", typeof(SendTaskSuccessRequest), true },
        { "stepfunctions", "SendTaskFailureInput", typeof(SendTaskFailureRequest), true },
        { "iam", "GetRoleRequest", typeof(GetRoleRequest), false },
        { "iam", "GetRoleResponse", typeof(GetRoleResponse), false },
        { "iam", "Role", typeof(Role), false },
        { "iam", "AttachedPermissionsBoundary", typeof(AttachedPermissionsBoundary), false },
        { "iam", "Tag", typeof(IamTag), false },
        { "iam", "RoleLastUsed", typeof(RoleLastUsed), false },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Every_model_member_and_only_those_has_a_property_with_its_wire_name(string service, string shape, Type record, bool json)
    {
        var model = ModelCheck.MembersOf(service, shape).Where(m => !Omitted.ContainsKey((shape, m))).ToHashSet(StringComparer.Ordinal);
        var ours = ModelCheck.WireNamesOf(record, json);

        Assert.True(
            model.SetEquals(ours),
            $"{shape} ↔ {record.Name}: model only [{string.Join(", ", model.Except(ours))}], record only [{string.Join(", ", ours.Except(model))}]");
    }

    [Fact]
    public void Every_operation_a_client_calls_is_covered_here()
    {
        var shapes = Records.Select(r => ((string)r[0], (string)r[1])).ToHashSet();
        var operations = new Dictionary<string, string[]>
        {
            ["organizations"] = ["ListAccounts", "DescribeAccount", "ListParents", "DescribeOrganization"],
            ["config"] = ["PutAggregationAuthorization", "DeleteAggregationAuthorization", "DescribeAggregationAuthorizations", "DescribeConfigurationAggregatorSourcesStatus"],
            ["events"] = ["PutEvents", "DescribeEventBus"],
            ["stepfunctions"] = ["SendTaskSuccess", "SendTaskFailure"],
            ["iam"] = ["GetRole"],
        };

        foreach (var (service, names) in operations)
        {
            var model = ModelOperations.Load(service);
            foreach (var operation in names)
            {
                if (model.InputOf(operation) is { } input)
                {
                    Assert.Contains((service, input), shapes);
                }

                // Outputs without members (Delete*, SendTask*) have nothing to read.
                if (model.OutputOf(operation) is { } output && ModelCheck.MembersOf(service, output).Count > 0)
                {
                    Assert.Contains((service, output), shapes);
                }
            }
        }
    }
}
