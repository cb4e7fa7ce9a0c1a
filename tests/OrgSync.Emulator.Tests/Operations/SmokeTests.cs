using System.Text.Json.Nodes;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Operations;

public sealed class SmokeTests
{
    [Fact]
    public async Task Each_service_answers_a_signed_call()
    {
        await using var emulator = await TestState.StartAsync();
        using var client = SignedClient.Home(emulator);
        var config = await client.Config("DescribeConfigurationAggregators", new JsonObject());
        config.ShouldSucceed();
        var ib = await client.GetDistribution(TestState.GoldenArn);
        ib.ShouldSucceed();
        var sts = await client.Sts("GetCallerIdentity");
        sts.ShouldSucceed();
    }
}
