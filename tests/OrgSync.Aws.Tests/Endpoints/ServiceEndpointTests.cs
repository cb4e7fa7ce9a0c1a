using Amazon.Runtime;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Sdk;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Aws.Tests.Models;
using OrgSync.Aws.Tests.Wire;

namespace OrgSync.Aws.Tests.Endpoints;

/// <summary>Endpoints, signing Regions and overrides of the services added for reconcile, prerequisites and notifications.</summary>
public sealed class ServiceEndpointTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string, string> ModeledServices => new()
    {
        { "organizations", nameof(ServiceEndpoint.Organizations) },
        { "iam", nameof(ServiceEndpoint.Iam) },
        { "events", nameof(ServiceEndpoint.EventBridge) },
        { "stepfunctions", nameof(ServiceEndpoint.StepFunctions) },
        { "config", nameof(ServiceEndpoint.Config) },
        { "imagebuilder", nameof(ServiceEndpoint.Imagebuilder) },
        { "sts", nameof(ServiceEndpoint.Sts) },
    };

    [Theory]
    [MemberData(nameof(ModeledServices))]
    public void Service_id_environment_suffix_and_signing_name_follow_the_model(string model, string property)
    {
        var service = (ServiceEndpoint)typeof(ServiceEndpoint).GetProperty(property)!.GetValue(null)!;
        var metadata = ModelOperations.Load(model);

        Assert.Equal(metadata.Metadata("serviceId"), service.ServiceId);
        // The SDKs' rule: AWS_ENDPOINT_URL_ + the service id in capitals, spaces as underscores.
        Assert.Equal(metadata.Metadata("serviceId").ToUpperInvariant().Replace(' ', '_'), service.EnvironmentSuffix);
        Assert.Equal(metadata.Metadata("endpointPrefix"), service.EndpointPrefix);
        Assert.Equal(model is "organizations" or "iam", service.IsGlobal);
    }

    [Fact]
    public void Sqs_has_the_sdk_identifiers() =>
        Assert.Equal(("SQS", "SQS", "sqs", false), (ServiceEndpoint.Sqs.ServiceId, ServiceEndpoint.Sqs.EnvironmentSuffix, ServiceEndpoint.Sqs.EndpointPrefix, ServiceEndpoint.Sqs.IsGlobal));

    /// <summary>What botocore 1.43's endpoint rule sets resolve for each service and caller Region.</summary>
    [Theory]
    [InlineData("Organizations", "eu-west-1", "https://organizations.us-east-1.amazonaws.com", "us-east-1")]
    [InlineData("Organizations", "us-east-1", "https://organizations.us-east-1.amazonaws.com", "us-east-1")]
    [InlineData("Organizations", "cn-north-1", "https://organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1")]
    [InlineData("Organizations", "us-gov-west-1", "https://organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1")]
    [InlineData("Iam", "eu-west-1", "https://iam.amazonaws.com", "us-east-1")]
    [InlineData("Iam", "cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1")]
    [InlineData("Iam", "us-gov-west-1", "https://iam.us-gov.amazonaws.com", "us-gov-west-1")]
    [InlineData("EventBridge", "eu-west-1", "https://events.eu-west-1.amazonaws.com", "eu-west-1")]
    [InlineData("EventBridge", "cn-north-1", "https://events.cn-north-1.amazonaws.com.cn", "cn-north-1")]
    [InlineData("StepFunctions", "eu-west-1", "https://states.eu-west-1.amazonaws.com", "eu-west-1")]
    [InlineData("StepFunctions", "us-gov-west-1", "https://states.us-gov-west-1.amazonaws.com", "us-gov-west-1")]
    [InlineData("Sqs", "cn-northwest-1", "https://sqs.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1")]
    public void Public_endpoints_and_signing_regions(string property, string callerRegion, string url, string signingRegion)
    {
        var service = (ServiceEndpoint)typeof(ServiceEndpoint).GetProperty(property)!.GetValue(null)!;

        Assert.Equal((url, signingRegion), (service.Url(callerRegion), service.SigningRegion(callerRegion)));
    }

    [Fact]
    public async Task Each_service_follows_its_own_environment_override_and_global_services_still_sign_for_us_east_1()
    {
        var aws = Everything();
        var environment = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
            ["AWS_ENDPOINT_URL_ORGANIZATIONS"] = "http://127.0.0.1:5001",
            ["AWS_ENDPOINT_URL_IAM"] = "http://127.0.0.1:5002",
            ["AWS_ENDPOINT_URL_EVENTBRIDGE"] = "http://127.0.0.1:5003",
            ["AWS_ENDPOINT_URL_SFN"] = "http://127.0.0.1:5004",
            ["AWS_ENDPOINT_URL_SQS"] = "http://127.0.0.1:5005",
        };
        using var clients = TestAws.Factory(aws, environment: name => environment.GetValueOrDefault(name));

        await CallEveryService(clients);

        Assert.Equal(
            [
                ("http://127.0.0.1:5001/", "organizations", "us-east-1"),
                ("http://127.0.0.1:5002/", "iam", "us-east-1"),
                ("http://127.0.0.1:5003/", "events", "eu-west-1"),
                ("http://127.0.0.1:5004/", "states", "eu-west-1"),
                ("http://127.0.0.1:5005/", "sqs", "eu-west-1"),
                ("http://127.0.0.1:4566/", "config", "eu-west-1"),
            ],
            aws.Requests.Select(r => (r.Uri.AbsoluteUri, r.Service, r.Region)));
    }

    [Fact]
    public async Task One_endpoint_url_serves_every_service_as_the_emulator_does()
    {
        var aws = Everything();
        using var clients = TestAws.Factory(aws, environment: name => name == "AWS_ENDPOINT_URL_IAM" ? "http://ignored:1" : null, endpointUrl: "http://127.0.0.1:4566");

        await CallEveryService(clients);

        Assert.Equal(6, aws.Requests.Count);
        Assert.All(aws.Requests, r => Assert.Equal("http://127.0.0.1:4566/", r.Uri.AbsoluteUri));
        Assert.All(aws.Requests, r => Assert.Equal("127.0.0.1:4566", r.Header("Host")));
    }

    [Fact]
    public async Task Per_service_options_win_over_the_one_endpoint()
    {
        var aws = Everything();
        using var clients = new AwsClientFactory(new AwsClientOptions
        {
            Credentials = FakeAws.HomeCredentials,
            HttpClientFactory = new HandlerHttpClientFactory(aws),
            EndpointUrl = "http://127.0.0.1:4566",
            OrganizationsEndpointUrl = "http://127.0.0.1:6001",
            IamEndpointUrl = "http://127.0.0.1:6002",
            EventBridgeEndpointUrl = "http://127.0.0.1:6003",
            StepFunctionsEndpointUrl = "http://127.0.0.1:6004",
            SqsEndpointUrl = "http://127.0.0.1:6005",
            HomeRegion = "ap-southeast-2",
            Environment = _ => "http://from-environment:1",
        });

        await CallEveryService(clients);

        Assert.Equal(
            ["http://127.0.0.1:6001/", "http://127.0.0.1:6002/", "http://127.0.0.1:6003/", "http://127.0.0.1:6004/", "http://127.0.0.1:6005/", "http://127.0.0.1:4566/"],
            aws.Requests.Select(r => r.Uri.AbsoluteUri));
        Assert.Equal("us-east-1", aws.Requests[0].Region);
    }

    [Fact]
    public void Global_clients_are_one_per_credentials_whatever_the_region()
    {
        using var clients = TestAws.Factory(new ScriptedAws());
        var member = new BasicAWSCredentials("AKIDMEMBER", "s");

        Assert.Same(clients.Organizations(), clients.Organizations());
        Assert.Equal("us-east-1", clients.Organizations().Region);
        Assert.Same(clients.Iam(member), clients.Iam(member));
        Assert.NotSame(clients.Iam(member), clients.Iam(null));
        Assert.Same(clients.Events("eu-west-1"), clients.Events("eu-west-1"));
        Assert.NotSame(clients.StepFunctions("eu-west-1"), clients.StepFunctions("us-east-1"));
    }

    [Theory]
    [InlineData(null, null, null, "us-east-1")]
    [InlineData(null, null, "eu-north-1", "eu-north-1")]
    [InlineData(null, "eu-west-3", "eu-north-1", "eu-west-3")]
    [InlineData("ap-south-1", "eu-west-3", "eu-north-1", "ap-south-1")]
    [InlineData(null, " ", "eu-north-1", "eu-north-1")]
    public void The_home_region_is_the_option_then_AWS_REGION_then_AWS_DEFAULT_REGION(string? option, string? region, string? defaultRegion, string expected)
    {
        var environment = new Dictionary<string, string?> { ["AWS_REGION"] = region, ["AWS_DEFAULT_REGION"] = defaultRegion };
        using var clients = new AwsClientFactory(new AwsClientOptions { HomeRegion = option, Environment = name => environment.GetValueOrDefault(name) });

        Assert.Equal(expected, clients.HomeRegion);
    }

    private static ScriptedAws Everything() => new ScriptedAws()
        .On("DescribeOrganization", _ => Reply.Json("{}"))
        .On("GetRole", _ => Reply.QueryError(404, "NoSuchEntity"))
        .On("PutEvents", _ => Reply.Json("""{"FailedEntryCount":0,"Entries":[{"EventId":"e"}]}"""))
        .On("SendTaskSuccess", _ => Reply.Json("{}", "application/x-amz-json-1.0"))
        .On("SendMessageBatch", _ => Reply.Json("""{"Successful":[],"Failed":[{"Id":"0","Code":"InternalError","SenderFault":false}]}""", "application/x-amz-json-1.0"))
        .On("DescribeDeliveryChannels", _ => Reply.Json("{}"));

    private static async Task CallEveryService(AwsClientFactory clients)
    {
        await clients.Organizations().DescribeOrganizationAsync(None);
        await clients.Iam(null).FindRoleAsync("r", None);
        await clients.Events(clients.HomeRegion).PutEntriesAsync([new() { Source = "orgsync" }], None);
        await clients.StepFunctions(clients.HomeRegion).SendTaskSuccessAsync("t", "{}", None);
        await clients.Sqs(clients.HomeRegion).SendAsync("https://sqs/q", [new("m")], None);
        await clients.Config(clients.HomeRegion).DescribeDeliveryChannelsAsync(new(), None);
    }
}
