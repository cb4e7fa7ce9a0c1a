using OrgSync.Emulator.Faults;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Faults;

public sealed class FaultTests
{
    [Fact]
    public void The_spec_parser_reads_probabilities_and_explains_mistakes()
    {
        Assert.Equal(new FaultSettings(0.2, 0.1, 0.05), FaultSettings.Parse("throttle=0.2,error=0.1,lost-response=0.05"));
        Assert.Equal(new FaultSettings(0, 0.5, 0), FaultSettings.Parse(" error = 0.5 "));
        Assert.Equal(FaultSettings.None, FaultSettings.Parse(""));
        Assert.Equal(new FaultSettings(0.1, 0, 0, InUse: 0.2), FaultSettings.Parse("throttle=0.1,in-use=0.2"));
        Assert.Equal(FaultSettings.Parse("in-use=0.2,error=0.1"), FaultSettings.Parse(new FaultSettings(0, 0.1, 0, 0.2).ToString()));
        Assert.Contains("more than 1", Assert.Throws<FormatException>(() => FaultSettings.Parse("lost-response=0.5,in-use=0.6")).Message);
        Assert.Contains("unknown fault 'slow'; known faults are throttle, error, lost-response, in-use", Assert.Throws<FormatException>(() => FaultSettings.Parse("slow=0.1")).Message);
        Assert.Contains("expected a number from 0 to 1", Assert.Throws<FormatException>(() => FaultSettings.Parse("throttle=1.5")).Message);
        Assert.Contains("not name=probability", Assert.Throws<FormatException>(() => FaultSettings.Parse("throttle")).Message);
        Assert.Contains("given twice", Assert.Throws<FormatException>(() => FaultSettings.Parse("error=0.1,error=0.2")).Message);
        Assert.Contains("more than 1", Assert.Throws<FormatException>(() => FaultSettings.Parse("throttle=0.6,error=0.6")).Message);
    }

    private static async Task<List<string>> OutcomesAsync(int seed)
    {
        await using var emulator = await TestState.StartAsync(new EmulatorOptions { Seed = seed, Faults = new FaultSettings(0.3, 0.3, 0) });
        using var client = SignedClient.Home(emulator);
        var outcomes = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var result = await client.Config("DescribeConfigurationAggregators", "{}");
            outcomes.Add(result.Status + (result.ErrorCode ?? string.Empty));
        }

        return outcomes;
    }

    [Fact]
    public async Task Faults_are_repeatable_with_a_seed_and_use_each_service_codes()
    {
        var first = await OutcomesAsync(seed: 42);
        var second = await OutcomesAsync(seed: 42);
        var other = await OutcomesAsync(seed: 7);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Contains("400ThrottlingException", first);
        Assert.Contains("200", first);
        Assert.Contains(first, o => o is "500InternalFailure" or "503ServiceUnavailable");

        await using var emulator = await TestState.StartAsync(new EmulatorOptions { Faults = new FaultSettings(1, 0, 0) });
        using var client = SignedClient.Home(emulator);
        (await client.GetDistribution(TestState.GoldenArn)).ShouldFail(429, "CallRateLimitExceededException");
        (await client.Sts("GetCallerIdentity")).ShouldFail(400, "Throttling");
        emulator.Faults = new FaultSettings(0, 1, 0);
        var ib = await client.GetDistribution(TestState.GoldenArn);
        Assert.True(ib.ErrorCode is "ServiceException" or "ServiceUnavailableException" && ib.Status is 500 or 503);
        (await client.Sts("GetCallerIdentity")).ShouldFail(500, "InternalFailure");
    }

    [Fact]
    public async Task A_lost_response_applies_the_write_and_answers_a_5xx()
    {
        await using var emulator = await TestState.StartAsync(new EmulatorOptions { Faults = new FaultSettings(0, 0, 1) });
        using var client = SignedClient.Home(emulator);
        var lost = await client.Config("PutConfigurationAggregator", """{"ConfigurationAggregatorName":"lost","AccountAggregationSources":[{"AccountIds":["222222222222"],"AllAwsRegions":true}]}""");
        lost.ShouldFail(500, "InternalFailure");
        // Reads are never "lost": the write above is visible.
        var described = (await client.Config("DescribeConfigurationAggregators", """{"ConfigurationAggregatorNames":["lost"]}""")).ShouldSucceed();
        Assert.Single(described.Json["ConfigurationAggregators"]!.AsArray());

        // An Image Builder retry with the same token converges on the applied write.
        var update = $$$$"""{"distributionConfigurationArn":"{{{{TestState.GoldenArn}}}}","description":"v2","distributions":[{"region":"us-east-1","amiDistributionConfiguration":{}}],"clientToken":"retry-me"}""";
        (await client.ImageBuilder("PUT", "/UpdateDistributionConfiguration", System.Text.Json.Nodes.JsonNode.Parse(update)!.AsObject())).ShouldFail(500, "ServiceException");
        emulator.Faults = FaultSettings.None;
        (await client.ImageBuilder("PUT", "/UpdateDistributionConfiguration", System.Text.Json.Nodes.JsonNode.Parse(update)!.AsObject())).ShouldSucceed();
    }

    [Fact]
    public async Task Counters_count_every_call_received_by_service_and_operation()
    {
        await using var emulator = await TestState.StartAsync(new EmulatorOptions { Faults = new FaultSettings(1, 0, 0) });
        using var client = SignedClient.Home(emulator);
        await client.Config("DescribeConfigurationAggregators", "{}");
        await client.Config("DescribeConfigurationAggregators", """{"Limit":1000}""");
        await client.GetDistribution(TestState.GoldenArn);
        await client.Sts("AssumeRole", new() { ["RoleArn"] = "arn:aws:iam::222222222222:role/R", ["RoleSessionName"] = "s1" });
        using var stranger = new SignedClient(emulator, "AKIAUNKNOWNKEY000000", "x");
        await stranger.Config("PutConfigurationAggregator", "{}");

        Assert.Equal(2, emulator.CallCount("config.DescribeConfigurationAggregators"));
        Assert.Equal(1, emulator.CallCount("config.PutConfigurationAggregator"));
        Assert.Equal(1, emulator.CallCount("imagebuilder.GetDistributionConfiguration"));
        Assert.Equal(1, emulator.CallCount("sts.AssumeRole"));
        Assert.Equal(5, emulator.CallCounts.Values.Sum());
        emulator.ResetCallCounts();
        Assert.Empty(emulator.CallCounts);
    }

    [Fact]
    public async Task Latency_delays_each_call_by_the_emulator_clock()
    {
        await using var emulator = await TestState.StartAsync(new EmulatorOptions { Latency = TimeSpan.FromMilliseconds(150) });
        using var client = SignedClient.Home(emulator);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        (await client.Sts("GetCallerIdentity")).ShouldSucceed();
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(140), watch.Elapsed.ToString());
        emulator.Latency = TimeSpan.Zero;
        Assert.Equal(TimeSpan.Zero, emulator.Latency);
    }

    [Fact]
    public async Task In_use_refuses_Image_Builder_writes_with_the_modeled_error_and_applies_nothing()
    {
        await using var emulator = await TestState.StartAsync(new EmulatorOptions { Faults = FaultSettings.Parse("in-use=1") });
        using var client = SignedClient.Home(emulator);
        var update = $$$$"""{"distributionConfigurationArn":"{{{{TestState.GoldenArn}}}}","description":"v2","distributions":[{"region":"us-east-1","amiDistributionConfiguration":{}}],"clientToken":"busy"}""";
        var busy = await client.ImageBuilder("PUT", "/UpdateDistributionConfiguration", System.Text.Json.Nodes.JsonNode.Parse(update)!.AsObject());
        busy.ShouldFail(400, "ResourceInUseException");
        Assert.Equal("The resource that you are trying to operate on is currently in use. Review the message details and retry later.", busy.ErrorMessage);
        Assert.Contains("ResourceInUseException", Models.ServiceModels.ImageBuilder.Operations["UpdateDistributionConfiguration"].Errors);
        Assert.Equal(400, Models.ServiceModels.ImageBuilder.ErrorStatus("ResourceInUseException"));

        // Validation comes first; reads and other services' writes are never "in use".
        (await client.ImageBuilder("PUT", "/UpdateDistributionConfiguration", new System.Text.Json.Nodes.JsonObject { ["clientToken"] = "x" })).ShouldFail(400, "InvalidParameterValueException");
        var read = (await client.GetDistribution(TestState.GoldenArn)).ShouldSucceed();
        Assert.Equal("Golden AMI", read.Json["distributionConfiguration"]!["description"]!.GetValue<string>());
        (await client.Config("PutConfigurationAggregator", """{"ConfigurationAggregatorName":"free","AccountAggregationSources":[{"AccountIds":["222222222222"],"AllAwsRegions":true}]}""")).ShouldSucceed();

        // The token was not spent on the refused write: the retry applies it.
        emulator.Faults = FaultSettings.None;
        (await client.ImageBuilder("PUT", "/UpdateDistributionConfiguration", System.Text.Json.Nodes.JsonNode.Parse(update)!.AsObject())).ShouldSucceed();
        Assert.Equal("v2", (await client.GetDistribution(TestState.GoldenArn)).Json["distributionConfiguration"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task In_use_shares_the_one_draw_per_call_so_seeded_runs_repeat()
    {
        async Task<List<string>> RunAsync()
        {
            await using var emulator = await TestState.StartAsync(new EmulatorOptions { Seed = 3, Faults = FaultSettings.Parse("throttle=0.2,in-use=0.5") });
            using var client = SignedClient.Home(emulator);
            var outcomes = new List<string>();
            for (var i = 0; i < 30; i++)
            {
                var body = $$$$"""{"distributionConfigurationArn":"{{{{TestState.GoldenArn}}}}","distributions":[{"region":"us-east-1","amiDistributionConfiguration":{}}],"clientToken":"t{{{{i}}}}"}""";
                var result = await client.ImageBuilder("PUT", "/UpdateDistributionConfiguration", System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject());
                outcomes.Add(result.Status + (result.ErrorCode ?? string.Empty));
            }

            return outcomes;
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        Assert.Contains("400ResourceInUseException", first);
        Assert.Contains("429CallRateLimitExceededException", first);
        Assert.Contains("200", first);
    }
}
