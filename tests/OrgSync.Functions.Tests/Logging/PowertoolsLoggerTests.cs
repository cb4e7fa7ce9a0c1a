using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using OrgSync.Functions.Logging;
using OrgSync.Functions.Tests.Support;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Tests.Logging;

public sealed partial class PowertoolsLoggerTests
{
    private static readonly LambdaInvocation Invocation = new(
        "c6af9ac6-7b61-11e6-9a41-93e812345678",
        DateTimeOffset.UtcNow.AddMinutes(1),
        "arn:aws:lambda:us-east-1:111111111111:function:orgsync-sqs:live",
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");

    internal static (PowertoolsLoggerProvider Provider, StdoutCaptureStream Stdout) Create(
        Dictionary<string, string>? environment = null, SecretScrubber? scrubber = null)
    {
        var variables = environment ?? new Dictionary<string, string>
        {
            ["POWERTOOLS_SERVICE_NAME"] = "account-sync",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "orgsync-sqs",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "7",
        };
        var settings = LogSettings.FromEnvironment(name => variables.GetValueOrDefault(name), out _);
        var stdout = new StdoutCaptureStream();
        return (new PowertoolsLoggerProvider(settings, new StdoutLineWriter(stdout), scrubber ?? SecretScrubber.None, TimeProvider.System), stdout);
    }

    [Fact]
    public void Every_entry_is_one_JSON_line_with_the_Powertools_field_names()
    {
        var (provider, stdout) = Create();
        var logger = provider.CreateLogger("OrgSync.Pipeline");
        provider.BeginInvocation(Invocation, coldStart: true, sample: 1);
        using (logger.BeginCorrelationScope("event-42"))
        using (logger.BeginTargetScope("aggregator/us-east-1/org"))
        {
            logger.LogInformation("Applied {Count} changes", 3);
        }

        var line = Assert.Single(stdout.JsonLines);
        Assert.Equal("INFO", line.GetProperty("level").GetString());
        Assert.Equal("Applied 3 changes", line.GetProperty("message").GetString());
        Assert.Matches(IsoMilliseconds(), line.GetProperty("timestamp").GetString());
        Assert.Equal("account-sync", line.GetProperty("service").GetString());
        Assert.True(line.GetProperty("cold_start").GetBoolean());
        Assert.Equal("orgsync-sqs", line.GetProperty("function_name").GetString());
        Assert.Equal(512, line.GetProperty("function_memory_size").GetInt32());
        Assert.Equal(Invocation.InvokedFunctionArn, line.GetProperty("function_arn").GetString());
        Assert.Equal(Invocation.RequestId, line.GetProperty("function_request_id").GetString());
        Assert.Equal("7", line.GetProperty("function_version").GetString());
        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", line.GetProperty("xray_trace_id").GetString());
        Assert.Equal("event-42", line.GetProperty("correlation_id").GetString());
        Assert.Equal("aggregator/us-east-1/org", line.GetProperty("target").GetString());
        Assert.False(line.TryGetProperty("sampling_rate", out _));
        Assert.False(line.TryGetProperty("exception", out _));
    }

    [Fact]
    public async Task Scopes_nest_flow_with_async_code_and_end_when_disposed()
    {
        var (provider, stdout) = Create();
        var logger = provider.CreateLogger("test");
        using (logger.BeginTargetScope("outer"))
        {
            using (logger.BeginTargetScope("inner"))
            {
                await Task.Run(() => logger.LogInformation("in a task"));
            }

            logger.LogInformation("outer again");
        }

        logger.LogInformation("no scope");
        provider.EndInvocation();
        logger.LogInformation("after the invocation");

        var lines = stdout.JsonLines;
        Assert.Equal("inner", lines[0].GetProperty("target").GetString());
        Assert.Equal("outer", lines[1].GetProperty("target").GetString());
        Assert.False(lines[2].TryGetProperty("target", out _));
        Assert.False(lines[3].GetProperty("cold_start").GetBoolean());
        Assert.False(lines[3].TryGetProperty("function_request_id", out _));
    }

    [Fact]
    public void An_exception_is_logged_with_its_type_message_stack_and_cause()
    {
        var (provider, stdout) = Create();
        Exception caught;
        try
        {
            try
            {
                throw new TimeoutException("read timed out");
            }
            catch (TimeoutException inner)
            {
                throw new InvalidOperationException("PutConfigurationAggregator failed", inner);
            }
        }
        catch (InvalidOperationException ex)
        {
            caught = ex;
        }

        provider.CreateLogger("test").LogError(caught, "Target failed");

        var exception = Assert.Single(stdout.JsonLines).GetProperty("exception");
        Assert.Equal("System.InvalidOperationException", exception.GetProperty("type").GetString());
        Assert.Equal("PutConfigurationAggregator failed", exception.GetProperty("message").GetString());
        Assert.Contains(nameof(An_exception_is_logged_with_its_type_message_stack_and_cause), exception.GetProperty("stack_trace").GetString(), StringComparison.Ordinal);
        Assert.Equal("System.TimeoutException", exception.GetProperty("inner_exception").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(null, null, LogLevel.Information)]
    [InlineData("Debug", null, LogLevel.Debug)]
    [InlineData("debug", null, LogLevel.Debug)]
    [InlineData("WARN", null, LogLevel.Warning)]
    [InlineData("Warning", null, LogLevel.Warning)]
    [InlineData("Critical", null, LogLevel.Critical)]
    [InlineData("not-a-level", null, LogLevel.Information)]
    [InlineData(null, "ERROR", LogLevel.Error)]
    [InlineData("Debug", "ERROR", LogLevel.Error)]
    [InlineData("Error", "DEBUG", LogLevel.Debug)]
    [InlineData("Error", "FATAL", LogLevel.Critical)]
    [InlineData("Warning", "not-a-level", LogLevel.Warning)]
    public void The_level_comes_from_POWERTOOLS_LOG_LEVEL_and_AWS_LAMBDA_LOG_LEVEL_overrides_it(
        string? powertools, string? lambda, LogLevel expected)
    {
        var variables = new Dictionary<string, string>();
        if (powertools is not null)
        {
            variables["POWERTOOLS_LOG_LEVEL"] = powertools;
        }

        if (lambda is not null)
        {
            variables["AWS_LAMBDA_LOG_LEVEL"] = lambda;
        }

        var (provider, stdout) = Create(variables);
        var logger = provider.CreateLogger("test");
        foreach (var level in new[] { LogLevel.Trace, LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical })
        {
            logger.Log(level, "at {Level}", level);
        }

        Assert.Equal(expected, provider.Settings.MinimumLevel);
        var written = stdout.JsonLines.Select(line => line.GetProperty("level").GetString()).ToList();
        var expectedLevels = Enum.GetValues<LogLevel>()
            .Where(level => level is not LogLevel.None && level >= expected)
            .Select(PowertoolsLoggerProvider.LevelName);
        Assert.Equal(expectedLevels, written);
    }

    [Theory]
    [InlineData(LogLevel.Trace, "TRACE")]
    [InlineData(LogLevel.Debug, "DEBUG")]
    [InlineData(LogLevel.Information, "INFO")]
    [InlineData(LogLevel.Warning, "WARN")]
    [InlineData(LogLevel.Error, "ERROR")]
    [InlineData(LogLevel.Critical, "FATAL")]
    public void Levels_are_written_as_Lambda_log_level_filtering_knows_them(LogLevel level, string lambdaName)
    {
        // Lambda counts an unknown level value as INFO: with ApplicationLogLevel WARN, a line written
        // as .NET's "Warning" would be dropped.
        var (provider, stdout) = Create(new Dictionary<string, string> { ["POWERTOOLS_LOG_LEVEL"] = "TRACE" });
        provider.CreateLogger("test").Log(level, "at {Level}", level);

        Assert.Equal(lambdaName, Assert.Single(stdout.JsonLines).GetProperty("level").GetString());
    }

    [Fact]
    public void A_Powertools_level_below_the_Lambda_level_is_called_out()
    {
        LogSettings.FromEnvironment(
            name => name switch { "POWERTOOLS_LOG_LEVEL" => "Debug", "AWS_LAMBDA_LOG_LEVEL" => "WARN", _ => null },
            out var warnings);

        Assert.Contains(warnings, warning => warning.Contains("AWS_LAMBDA_LOG_LEVEL", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sampled_invocation_logs_debug_and_says_its_sampling_rate()
    {
        var (provider, stdout) = Create(new Dictionary<string, string> { ["POWERTOOLS_LOGGER_SAMPLE_RATE"] = "0.5" });
        var logger = provider.CreateLogger("test");

        provider.BeginInvocation(Invocation, coldStart: true, sample: 0.9);
        logger.LogDebug("not sampled");
        provider.EndInvocation();
        provider.BeginInvocation(Invocation, coldStart: false, sample: 0.1);
        logger.LogDebug("sampled");

        var line = Assert.Single(stdout.JsonLines);
        Assert.Equal("sampled", line.GetProperty("message").GetString());
        Assert.Equal(0.5, line.GetProperty("sampling_rate").GetDouble());
    }

    [Fact]
    public async Task Concurrent_writers_never_interleave_lines()
    {
        var (provider, stdout) = Create();
        var logger = provider.CreateLogger("test");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                using (logger.BeginCorrelationScope($"w{writer}"))
                {
                    logger.LogInformation("writer {Writer} line {Line} {Padding}", writer, i, new string('x', 300));
                }
            }
        })));

        var lines = stdout.JsonLines;
        Assert.Equal(1600, lines.Count);
        Assert.All(lines, line => Assert.StartsWith(
            "writer " + line.GetProperty("correlation_id").GetString()![1..] + " ", line.GetProperty("message").GetString(), StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoMilliseconds();
}
