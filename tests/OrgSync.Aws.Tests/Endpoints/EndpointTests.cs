using OrgSync.Aws.Sdk;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Aws.Tests.Support;
using OrgSync.Aws.Tests.Wire;

namespace OrgSync.Aws.Tests.Endpoints;

public sealed class EndpointTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(null, null, null, null, null)]
    [InlineData(null, null, "http://global:1", null, "http://global:1")]
    [InlineData(null, "http://config:2", "http://global:1", null, "http://config:2")]
    [InlineData("http://explicit:3", "http://config:2", "http://global:1", null, "http://explicit:3")]
    [InlineData(null, "http://config:2", "http://global:1", "true", null)]
    [InlineData("http://explicit:3", "http://config:2", "http://global:1", "true", "http://explicit:3")]
    public void Overrides_follow_the_SDK_convention(string? explicitUrl, string? specific, string? global, string? ignore, string? expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_CONFIG_SERVICE"] = specific,
            ["AWS_ENDPOINT_URL"] = global,
            ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = ignore,
        };

        Assert.Equal(expected, ServiceEndpoint.Config.Override(explicitUrl, name => environment.GetValueOrDefault(name)));
    }

    [Theory]
    [InlineData("us-east-1", "https://config.us-east-1.amazonaws.com")]
    [InlineData("eu-central-2", "https://config.eu-central-2.amazonaws.com")]
    [InlineData("cn-north-1", "https://config.cn-north-1.amazonaws.com.cn")]
    public void Regional_endpoints(string region, string expected) => Assert.Equal(expected, ServiceEndpoint.Config.Regional(region));

    [Fact]
    public async Task Environment_overrides_send_each_service_to_its_endpoint_signed_for_the_target_region()
    {
        var fake = new FakeAws();
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
            ["AWS_ENDPOINT_URL_IMAGEBUILDER"] = "http://127.0.0.1:5000",
            ["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:6000",
        };
        using var clients = TestAws.Factory(fake, environment: name => environment.GetValueOrDefault(name));

        await clients.Config("eu-west-1").DescribeDeliveryChannelsAsync(new(), None);
        await clients.Imagebuilder("ap-southeast-2").ListDistributionConfigurationsAsync(new(), None);
        await clients.Config("eu-west-1", clients.AssumeRole("arn:aws:iam::222222222222:role/OrgSyncMemberRole")).DescribeDeliveryChannelsAsync(new(), None);

        Assert.Equal(
            ["http://127.0.0.1:4566/", "http://127.0.0.1:5000/ListDistributionConfigurations", "http://127.0.0.1:6000/", "http://127.0.0.1:4566/"],
            fake.Requests.Select(r => r.Uri.AbsoluteUri));
        Assert.Equal(
            [("config", "eu-west-1"), ("imagebuilder", "ap-southeast-2"), ("sts", "us-east-1"), ("config", "eu-west-1")],
            fake.Requests.Select(r => (r.Service, r.Region)));
        Assert.Equal("127.0.0.1:4566", fake.Requests[0].Header("Host"));
    }

    [Fact]
    public async Task An_explicit_endpoint_wins_over_the_environment()
    {
        var fake = new FakeAws();
        using var clients = TestAws.Factory(fake, environment: _ => "http://from-environment:1", endpointUrl: "http://127.0.0.1:9999");

        await clients.Config("us-west-2").DescribeDeliveryChannelsAsync(new(), None);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("http://127.0.0.1:9999/", request.Uri.AbsoluteUri);
        SigV4.AssertSigned(request, FakeAws.HomeAccessKey, "us-west-2", "config");
    }

    [Fact]
    public void Clients_are_cached_per_service_region_and_credentials()
    {
        using var clients = TestAws.Factory(new FakeAws());
        var role = clients.AssumeRole("arn:aws:iam::222222222222:role/R");

        Assert.Same(clients.Config("us-east-1"), clients.Config("us-east-1"));
        Assert.NotSame(clients.Config("us-east-1"), clients.Config("eu-west-1"));
        Assert.Same(clients.Config("us-east-1", role), clients.Config("us-east-1", clients.AssumeRole("arn:aws:iam::222222222222:role/R")));
        Assert.NotSame(clients.Config("us-east-1"), clients.Config("us-east-1", role));
        Assert.Same(clients.Imagebuilder("us-east-1"), clients.Imagebuilder("us-east-1"));
        Assert.Equal("eu-west-1", clients.Config("eu-west-1").Region);
    }
}
