using System.Collections.Immutable;
using System.Text.Json;
using OrgSync.Core.Membership;
using OrgSync.Core.Targets;
using OrgSync.Functions.Hosting;
using OrgSync.Functions.Storage;
using OrgSync.Functions.Tests.Runtime;
using OrgSync.Functions.Tests.Support;

namespace OrgSync.Functions.Tests.Hosting;

/// <summary>Init: every configuration problem is an init error with a clear message, then the process exits.</summary>
public sealed class InitTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _folder = Directory.CreateTempSubdirectory("orgsync-init-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_unknown_handler_is_an_init_error_and_no_invocation_is_taken()
    {
        var environment = RuntimeLoopTests.Environment("bogus");
        await using var function = await InProcessFunction.StartAsync(environment);

        var report = await function.Api.InitError.WaitAsync(Wait);

        Assert.Equal(FunctionHost.ExitInitFailed, await function.Run.WaitAsync(Wait));
        Assert.Equal("Runtime.InvalidHandler", report.ErrorTypeHeader);
        var message = ErrorMessage(report);
        Assert.Contains("_HANDLER='bogus'", message, StringComparison.Ordinal);
        Assert.Contains("sqs, eventbridge", message, StringComparison.Ordinal);
        Assert.Equal(0, function.Api.NextCalls);
    }

    [Fact]
    public async Task Targets_problems_are_reported_with_their_JSON_path()
    {
        var environment = RuntimeLoopTests.Environment();
        var options = new FunctionHostOptions
        {
            ParseTargets = _ => throw new TargetsFileException(
            [
                new TargetsFileError("aggregators[1].region", "must be an AWS Region name"),
                new TargetsFileError("excludeAccounts[0]", "must be a string of 12 digits"),
            ]),
        };
        await using var function = await InProcessFunction.StartAsync(environment, options);

        var report = await function.Api.InitError.WaitAsync(Wait);

        Assert.Equal(FunctionHost.ExitInitFailed, await function.Run.WaitAsync(Wait));
        Assert.Equal("Runtime.InvalidTargetsFile", report.ErrorTypeHeader);
        var message = ErrorMessage(report);
        Assert.Contains("ORGSYNC_TARGETS", message, StringComparison.Ordinal);
        Assert.Contains("aggregators[1].region: must be an AWS Region name", message, StringComparison.Ordinal);
        Assert.Contains("excludeAccounts[0]: must be a string of 12 digits", message, StringComparison.Ordinal);
        Assert.Contains(function.Stdout.JsonLines, line =>
            line.GetProperty("level").GetString() == "FATAL"
            && line.GetProperty("message").GetString()!.Contains("aggregators[1].region", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_targets_file_is_an_init_error_naming_the_file_and_the_JSON_path()
    {
        var path = Path.Combine(_folder, "targets.json");
        await File.WriteAllTextAsync(path, TestData.TargetsWithBadRegion);
        var environment = RuntimeLoopTests.Environment();
        environment.Remove("ORGSYNC_TARGETS");
        environment["ORGSYNC_TARGETS_FILE"] = path;
        // Core's real loader, not a stand-in.
        await using var function = await InProcessFunction.StartAsync(environment, new FunctionHostOptions());

        var report = await function.Api.InitError.WaitAsync(Wait);

        Assert.Equal(FunctionHost.ExitInitFailed, await function.Run.WaitAsync(Wait));
        var message = ErrorMessage(report);
        Assert.Contains($"ORGSYNC_TARGETS_FILE ({path})", message, StringComparison.Ordinal);
        Assert.Contains("aggregators[0].region", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "set ORGSYNC_TARGETS_FILE")]
    [InlineData("missing.json", null, "cannot read the targets file")]
    [InlineData("targets.json", "{}", "set exactly one")]
    public async Task Where_the_targets_come_from_must_be_unambiguous(string? file, string? inline, string expected)
    {
        var environment = RuntimeLoopTests.Environment();
        environment.Remove("ORGSYNC_TARGETS");
        environment["LAMBDA_TASK_ROOT"] = _folder;
        if (file is not null)
        {
            environment["ORGSYNC_TARGETS_FILE"] = file;
        }

        if (inline is not null)
        {
            environment["ORGSYNC_TARGETS"] = inline;
        }

        await using var function = await InProcessFunction.StartAsync(environment);

        var report = await function.Api.InitError.WaitAsync(Wait);

        Assert.Contains(expected, ErrorMessage(report), StringComparison.Ordinal);
        if (file == "missing.json")
        {
            // Relative paths are resolved in the deployment package.
            Assert.Contains(Path.Combine(_folder, "missing.json"), ErrorMessage(report), StringComparison.Ordinal);
        }

        Assert.Equal(FunctionHost.ExitInitFailed, await function.Run.WaitAsync(Wait));
    }

    [Fact]
    public async Task Any_failure_while_loading_is_an_init_error_not_a_crash_and_secrets_are_scrubbed()
    {
        const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        var environment = RuntimeLoopTests.Environment();
        environment["AWS_SECRET_ACCESS_KEY"] = Secret;
        var options = new FunctionHostOptions
        {
            ParseTargets = _ => throw new InvalidOperationException($"boom while reading with key {Secret}"),
        };
        await using var function = await InProcessFunction.StartAsync(environment, options);

        var report = await function.Api.InitError.WaitAsync(Wait);

        Assert.Equal(FunctionHost.ExitInitFailed, await function.Run.WaitAsync(Wait));
        Assert.Contains("InvalidOperationException: boom while reading", ErrorMessage(report), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, report.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain(function.Stdout.Lines, line => line.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_table_the_ledger_is_in_memory_and_a_warning_says_so()
    {
        await using var function = await InProcessFunction.StartAsync(RuntimeLoopTests.Environment(), TestHandlers.Options());

        await function.Api.Invoke(TestData.SqsEvent(("m1", "{}"))).WaitAsync(Wait);

        Assert.Contains(function.Stdout.JsonLines, line =>
            line.GetProperty("level").GetString() == "WARN"
            && line.GetProperty("message").GetString()!.Contains("ORGSYNC_TABLE_NAME is not set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_table_the_storage_factory_builds_the_ledger_and_lease_and_a_failing_one_is_an_init_error()
    {
        var environment = RuntimeLoopTests.Environment();
        environment["ORGSYNC_TABLE_NAME"] = "orgsync-state";
        string? requestedTable = null;
        var working = TestHandlers.Options() with
        {
            DynamoDbStorage = (table, context) =>
            {
                requestedTable = table;
                return StorageWiring.CreateInMemory(context.Time) with { Description = "on the test table" };
            },
        };
        await using (var function = await InProcessFunction.StartAsync(environment, working))
        {
            await function.Api.Invoke(TestData.SqsEvent(("m1", "{}"))).WaitAsync(Wait);
            Assert.Equal("orgsync-state", requestedTable);
            Assert.Contains(function.Stdout.JsonLines, line => line.GetProperty("message").GetString()!.Contains("on the test table", StringComparison.Ordinal));
        }

        var failing = working with { DynamoDbStorage = (_, _) => throw new ArgumentOutOfRangeException("ORGSYNC_LEDGER_RETENTION_DAYS", "must be at least 15") };
        await using (var function = await InProcessFunction.StartAsync(environment, failing))
        {
            var report = await function.Api.InitError.WaitAsync(Wait);
            Assert.Equal("Runtime.StorageInitError", report.ErrorTypeHeader);
            Assert.Contains("orgsync-state", ErrorMessage(report), StringComparison.Ordinal);
            Assert.Equal(FunctionHost.ExitInitFailed, await function.Run.WaitAsync(Wait));
        }
    }

    [Fact]
    public async Task The_DynamoDB_storage_settings_are_validated_at_init()
    {
        var environment = RuntimeLoopTests.Environment();
        environment["ORGSYNC_TABLE_NAME"] = "orgsync-state";
        environment["ORGSYNC_LEDGER_RETENTION_DAYS"] = "3";
        await using (var function = await InProcessFunction.StartAsync(environment, TestHandlers.Options() with { DynamoDbStorage = StorageWiring.CreateDynamoDb }))
        {
            var report = await function.Api.InitError.WaitAsync(Wait);
            Assert.Equal("Runtime.StorageInitError", report.ErrorTypeHeader);
            Assert.Contains("ORGSYNC_LEDGER_RETENTION_DAYS", ErrorMessage(report), StringComparison.Ordinal);
        }

        environment["ORGSYNC_LEDGER_RETENTION_DAYS"] = "30";
        await using (var function = await InProcessFunction.StartAsync(environment, TestHandlers.Options() with { DynamoDbStorage = StorageWiring.CreateDynamoDb }))
        {
            // No DynamoDB here: the stores are built on first use, which this handler never makes.
            var outcome = await function.Api.Invoke(TestData.SqsEvent(("m1", "{}"))).WaitAsync(Wait);
            Assert.False(outcome.IsError);
            Assert.Contains(function.Stdout.JsonLines, line => line.GetProperty("message").GetString()!.Contains(
                "on DynamoDB table orgsync-state (ledger retention 30 days)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_lazy_stores_build_nothing_until_first_use()
    {
        var built = 0;
        var ledger = new LazyMembershipLedger(() =>
        {
            built++;
            return new InMemoryMembershipLedger();
        });

        Assert.Equal(0, built);
        _ = ledger.ReadAsync("scope", ImmutableArray<string>.Empty, CancellationToken.None);
        _ = ledger.ReadAsync("scope", ImmutableArray<string>.Empty, CancellationToken.None);
        Assert.Equal(1, built);
    }

    private static string ErrorMessage(InitErrorReport report)
    {
        using var document = JsonDocument.Parse(report.Body);
        Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.Equal(report.ErrorTypeHeader, document.RootElement.GetProperty("errorType").GetString());
        return document.RootElement.GetProperty("errorMessage").GetString()!;
    }
}
