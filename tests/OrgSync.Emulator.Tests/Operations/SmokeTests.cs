using OrgSync.Tests.Shared;
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

public sealed class ClockAndConcurrencyTests
{
    [Fact]
    public async Task The_Date_header_follows_the_emulator_clock()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await TestState.StartAsync(new() { TimeProvider = clock });
        using var client = SignedClient.Home(emulator);
        clock.Advance(TimeSpan.FromMinutes(10));
        var result = (await client.Sts("GetCallerIdentity")).ShouldSucceed();
        Assert.Equal(clock.GetUtcNow().ToString("r", System.Globalization.CultureInfo.InvariantCulture), result.Response.Headers.Date!.Value.ToString("r", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Concurrent_writes_to_one_account_and_region_all_land()
    {
        await using var emulator = await TestState.StartAsync();
        using var client = SignedClient.Home(emulator);
        var puts = Enumerable.Range(0, 24).Select(i => client.Config("PutConfigurationAggregator",
            $$"""{"ConfigurationAggregatorName":"agg-{{i}}","AccountAggregationSources":[{"AccountIds":["222222222222"],"AllAwsRegions":true}]}"""));
        foreach (var result in await Task.WhenAll(puts))
        {
            result.ShouldSucceed();
        }

        var all = (await client.Config("DescribeConfigurationAggregators", "{}")).ShouldSucceed().Json["ConfigurationAggregators"]!.AsArray();
        Assert.Equal(25, all.Count);
        Assert.Equal(24, emulator.CallCount("config.PutConfigurationAggregator"));
    }
}
