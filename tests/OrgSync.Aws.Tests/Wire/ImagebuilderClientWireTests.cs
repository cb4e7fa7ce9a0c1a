using System.Net;
using System.Text;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Aws.Tests.Support;
using OrgSync.Core.Distributions;

namespace OrgSync.Aws.Tests.Wire;

public sealed class ImagebuilderClientWireTests
{
    private const string Arn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Get_is_a_GET_with_the_ARN_percent_encoded_in_the_query_and_no_body()
    {
        var fake = new FakeAws();
        fake.Distributions[Arn] = new DistributionConfiguration { Arn = Arn, Name = "golden", Distributions = [new Distribution { Region = "us-east-1" }], TimeoutMinutes = 720 };
        using var clients = TestAws.Factory(fake);

        var response = await clients.Imagebuilder("us-east-1").GetDistributionConfigurationAsync(Arn, None);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal(
            "https://imagebuilder.us-east-1.amazonaws.com/GetDistributionConfiguration?distributionConfigurationArn=arn%3Aaws%3Aimagebuilder%3Aus-east-1%3A111111111111%3Adistribution-configuration%2Fgolden",
            request.Uri.OriginalString);
        Assert.Equal(string.Empty, request.Body);
        Assert.Null(request.ContentType);
        Assert.Null(request.Header("X-Amz-Target"));
        SigV4.AssertSigned(request, FakeAws.HomeAccessKey, "us-east-1", "imagebuilder");
        Assert.Equal("golden", response.DistributionConfiguration!.Name);
        Assert.Equal(720, response.DistributionConfiguration.TimeoutMinutes);
        Assert.NotNull(response.RequestId);
    }

    [Fact]
    public async Task Update_is_a_PUT_of_the_Core_request_as_application_json()
    {
        var fake = new FakeAws();
        fake.Distributions[Arn] = new DistributionConfiguration { Arn = Arn, Name = "golden" };
        using var clients = TestAws.Factory(fake);
        var update = new UpdateDistributionConfigurationRequest
        {
            DistributionConfigurationArn = Arn,
            Description = "Golden AMI",
            Distributions =
            [
                new Distribution
                {
                    Region = "us-east-1",
                    AmiDistributionConfiguration = new AmiDistributionConfiguration { LaunchPermission = new LaunchPermissionConfiguration { UserIds = ["222222222222"] } },
                },
            ],
            ClientToken = "0123456789abcdef0123456789abcdef",
        };

        var response = await clients.Imagebuilder("us-east-1").UpdateDistributionConfigurationAsync(update, None);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("https://imagebuilder.us-east-1.amazonaws.com/UpdateDistributionConfiguration", request.Uri.AbsoluteUri);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal(
            """{"distributionConfigurationArn":"arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden","description":"Golden AMI","distributions":[{"region":"us-east-1","amiDistributionConfiguration":{"launchPermission":{"userIds":["222222222222"]}}}],"clientToken":"0123456789abcdef0123456789abcdef"}""",
            request.Body);
        SigV4.AssertSigned(request, FakeAws.HomeAccessKey, "us-east-1", "imagebuilder", "content-type");
        Assert.Equal(update.ClientToken, response.ClientToken);
        Assert.Equal(Arn, response.DistributionConfigurationArn);
    }

    [Fact]
    public async Task List_is_a_POST_with_a_json_body_and_walks_every_page()
    {
        var fake = new FakeAws { PageSize = 1 };
        foreach (var name in new[] { "a", "b", "c" })
        {
            var arn = $"arn:aws:imagebuilder:eu-west-1:111111111111:distribution-configuration/{name}";
            fake.Distributions[arn] = new DistributionConfiguration { Arn = arn, Name = name, Distributions = [new Distribution { Region = "eu-west-1" }] };
        }

        using var clients = TestAws.Factory(fake);

        var all = await clients.Imagebuilder("eu-west-1").ListAllDistributionConfigurationsAsync(null, None);

        Assert.Equal(["a", "b", "c"], all.Select(s => s.Name));
        Assert.Equal(["eu-west-1"], all[0].Regions!.Value.ToArray());
        Assert.All(fake.Requests, r => Assert.Equal(("POST", "application/json"), (r.Method, r.ContentType)));
        Assert.Equal(["{}", """{"nextToken":"1"}""", """{"nextToken":"2"}"""], fake.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task Every_member_of_a_distribution_survives_the_round_trip_unchanged()
    {
        const string Configuration = """
            {"arn":"arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden","name":"golden","timeoutMinutes":360,
             "distributions":[{"region":"us-east-1","amiDistributionConfiguration":{"name":"ami-{{imagebuilder:buildDate}}","amiTags":{"team":"platform"},
               "launchPermission":{"userIds":["222222222222"],"organizationalUnitArns":["arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-abcdefgh"]}},
               "fastLaunchConfigurations":[{"enabled":true,"maxParallelLaunches":6}],"futureField":[1,2]},
              {"region":"eu-west-1","containerDistributionConfiguration":{"targetRepository":{"service":"ECR","repositoryName":"golden"}}}],
             "tags":{"owner":"platform"}}
            """;
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent($$"""{"requestId":"r-1","distributionConfiguration":{{Configuration}}}""", Encoding.UTF8, "application/json"),
        });
        using var clients = TestAws.Factory(handler);

        var read = (await clients.Imagebuilder("us-east-1").GetDistributionConfigurationAsync(Arn, None)).DistributionConfiguration!;
        await clients.Imagebuilder("us-east-1").UpdateDistributionConfigurationAsync(
            new UpdateDistributionConfigurationRequest { DistributionConfigurationArn = Arn, Distributions = read.Distributions!.Value, ClientToken = "t" }, None);

        var sent = System.Text.Json.Nodes.JsonNode.Parse(handler.Seen[1].Body)!["distributions"]!;
        var original = System.Text.Json.Nodes.JsonNode.Parse(Configuration)!["distributions"]!;
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(original, sent), sent.ToJsonString());
    }
}
