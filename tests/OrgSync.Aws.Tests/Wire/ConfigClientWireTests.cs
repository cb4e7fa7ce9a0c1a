using System.Net;
using System.Text;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Aws.Tests.Support;
using OrgSync.Core.Aggregators;
using OrgSync.Core.DeliveryChannels;

namespace OrgSync.Aws.Tests.Wire;

public sealed class ConfigClientWireTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Describe_aggregators_is_an_awsJson11_POST_signed_for_config_in_the_region()
    {
        var fake = new FakeAws();
        using var clients = TestAws.Factory(fake);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            clients.Config("eu-west-1").DescribeConfigurationAggregatorsAsync(new() { ConfigurationAggregatorNames = ["org"], Limit = 5 }, None));

        var request = Assert.Single(fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://config.eu-west-1.amazonaws.com/", request.Uri.AbsoluteUri);
        Assert.Equal("StarlingDoveService.DescribeConfigurationAggregators", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.ContentType);
        Assert.Equal("""{"ConfigurationAggregatorNames":["org"],"Limit":5}""", request.Body);
        SigV4.AssertSigned(request, FakeAws.HomeAccessKey, "eu-west-1", "config", "x-amz-target", "content-type");
        Assert.Null(request.Header("X-Amz-Security-Token"));
        Assert.Equal("NoSuchConfigurationAggregatorException", error.ErrorCode);
    }

    [Fact]
    public async Task An_operation_without_input_members_still_sends_an_empty_object()
    {
        var fake = new FakeAws();
        using var clients = TestAws.Factory(fake);

        var channels = await clients.Config("us-east-1").DescribeDeliveryChannelsAsync(new(), None);
        var recorders = await clients.Config("us-east-1").DescribeConfigurationRecordersAsync(new(), None);

        Assert.Empty(channels);
        Assert.Empty(recorders);
        Assert.All(fake.Requests, r => Assert.Equal("{}", r.Body));
        Assert.Equal(["DescribeDeliveryChannels", "DescribeConfigurationRecorders"], fake.Requests.Select(r => r.Operation));
    }

    [Fact]
    public async Task Describing_all_aggregators_walks_every_page_with_the_next_token()
    {
        var fake = new FakeAws { PageSize = 2 };
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            fake.Aggregators[("us-east-1", name)] = new ConfigurationAggregator { ConfigurationAggregatorName = name };
        }

        fake.Aggregators[("eu-west-1", "elsewhere")] = new ConfigurationAggregator { ConfigurationAggregatorName = "elsewhere" };
        using var clients = TestAws.Factory(fake);

        var all = await clients.Config("us-east-1").DescribeAllConfigurationAggregatorsAsync(None);

        Assert.Equal(["a", "b", "c", "d", "e"], all.Select(a => a.ConfigurationAggregatorName));
        Assert.Equal(["{}", """{"NextToken":"2"}""", """{"NextToken":"4"}"""], fake.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task Finding_one_aggregator_returns_null_when_it_does_not_exist()
    {
        var fake = new FakeAws();
        fake.Aggregators[("us-east-1", "org")] = new ConfigurationAggregator { ConfigurationAggregatorName = "org" };
        using var clients = TestAws.Factory(fake);
        var config = clients.Config("us-east-1");

        var found = await config.FindConfigurationAggregatorAsync("org", None);
        var missing = await config.FindConfigurationAggregatorAsync("nope", None);

        Assert.Equal("org", found?.ConfigurationAggregatorName);
        Assert.Null(missing);
        Assert.Equal("""{"ConfigurationAggregatorNames":["nope"]}""", fake.Requests[1].Body);
    }

    [Fact]
    public async Task Put_aggregator_sends_Core_request_exactly_and_reads_the_result()
    {
        var fake = new FakeAws();
        using var clients = TestAws.Factory(fake);
        var request = new PutConfigurationAggregatorRequest
        {
            ConfigurationAggregatorName = "org",
            AccountAggregationSources = [new AccountAggregationSource { AccountIds = ["222222222222", "333333333333"], AllAwsRegions = true }],
        };

        var response = await clients.Config("us-east-1").PutConfigurationAggregatorAsync(request, None);

        var sent = Assert.Single(fake.Requests);
        Assert.Equal("StarlingDoveService.PutConfigurationAggregator", sent.Header("X-Amz-Target"));
        Assert.Equal(
            """{"ConfigurationAggregatorName":"org","AccountAggregationSources":[{"AccountIds":["222222222222","333333333333"],"AllAwsRegions":true}]}""",
            sent.Body);
        Assert.Equal(["222222222222", "333333333333"], response.ConfigurationAggregator!.AccountAggregationSources!.Value[0].AccountIds.ToArray());
        Assert.StartsWith("arn:aws:config:us-east-1:111111111111:config-aggregator/", response.ConfigurationAggregator.ConfigurationAggregatorArn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    public async Task Put_delivery_channel_accepts_an_empty_body_or_an_empty_object(string responseBody)
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(responseBody, Encoding.UTF8, "application/x-amz-json-1.1") });
        using var clients = TestAws.Factory(handler);

        await clients.Config("us-east-1").PutDeliveryChannelAsync(
            new PutDeliveryChannelRequest { DeliveryChannel = new DeliveryChannel { Name = "default", S3BucketName = "logs", SnsTopicArn = null } }, None);

        var (request, body) = Assert.Single(handler.Seen);
        Assert.Equal("StarlingDoveService.PutDeliveryChannel", request.Headers.GetValues("X-Amz-Target").Single());
        Assert.Equal("""{"DeliveryChannel":{"name":"default","s3BucketName":"logs"}}""", body);
    }

    [Fact]
    public async Task Responses_keep_fractional_epoch_times_and_unknown_members()
    {
        const string Body = """
            {"ConfigurationAggregators":[{"ConfigurationAggregatorName":"org","CreationTime":1.7000000001234E9,
             "AccountAggregationSources":[{"AccountIds":["222222222222"],"AllAwsRegions":false,"AwsRegions":["us-east-1"]}],
             "SomethingNew":{"x":1}}]}
            """;
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Body, Encoding.UTF8, "application/x-amz-json-1.1") });
        using var clients = TestAws.Factory(handler);

        var aggregator = await clients.Config("us-east-1").FindConfigurationAggregatorAsync("org", None);

        Assert.NotNull(aggregator);
        Assert.Equal(1700000000.1234, aggregator.CreationTime!.Value, 4);
        Assert.Equal(["us-east-1"], aggregator.AccountAggregationSources!.Value[0].AwsRegions!.Value.ToArray());
        Assert.True(aggregator.ExtensionData!.ContainsKey("SomethingNew"));
    }
}
