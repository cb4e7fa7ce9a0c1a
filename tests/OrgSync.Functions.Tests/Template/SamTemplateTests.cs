using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrgSync.Tests.Shared;

namespace OrgSync.Functions.Tests.Template;

/// <summary>template.yaml: valid SAM, the two functions, their build, queue, alarm, table and environment.</summary>
public sealed class SamTemplateTests
{
    public static TheoryData<string, string> Functions => new()
    {
        { "SqsFunction", "sqs" },
        { "EventBridgeFunction", "eventbridge" },
        { "ReconcileFunction", "reconcile" },
    };

    public static TheoryData<string> ScenarioNames => Scenarios.Names;

    [Fact]
    public async Task Templates_are_valid_against_the_SAM_schema_and_every_reference_resolves()
    {
        var run = await TemplateValidation.GetAsync();

        Assert.True(run.Errors.Count == 0 && run.ExitCode == 0,
            $"validate-templates.mjs exited {run.ExitCode} with {run.Errors.Count} error(s):\n  {string.Join("\n  ", run.Errors)}\n{run.Output}");
        Assert.Contains("template.yaml", run.Templates.Keys);
        Assert.Contains("infra/member-role.yaml", run.Templates.Keys);
        Assert.Contains("infra/org-events-forwarder.yaml", run.Templates.Keys);
    }

    [Fact]
    public async Task The_template_is_a_SAM_template()
    {
        var template = await TemplateValidation.SamTemplateAsync();

        Assert.Equal("AWS::Serverless-2016-10-31", template["Transform"].Text());
        Assert.Equal("2010-09-09", template["AWSTemplateFormatVersion"].Text());
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Each_function_is_the_custom_runtime_bootstrap_with_its_handler(string id, string handler)
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Defaults));
        var function = scenario.Resource(id);

        Assert.Equal("AWS::Serverless::Function", function["Type"].Text());
        Assert.True(scenario.FunctionProperty(id, "Handler").Text() == handler,
            $"{id}: Handler must be '{handler}' (Lambda passes it to the bootstrap as _HANDLER), is {scenario.FunctionProperty(id, "Handler").Show()}");
        Assert.True(scenario.FunctionProperty(id, "Runtime").Text() == "provided.al2023",
            $"{id}: Runtime must be provided.al2023, is {scenario.FunctionProperty(id, "Runtime").Show()}");
        Assert.True(scenario.FunctionProperty(id, "Architectures").Texts().SequenceEqual(["x86_64"]),
            $"{id}: Architectures must be [x86_64] (the publish targets linux-x64), is {scenario.FunctionProperty(id, "Architectures").Show()}");
        Assert.True(scenario.FunctionProperty(id, "PackageType") is null || scenario.FunctionProperty(id, "PackageType").Text() == "Zip",
            $"{id}: must be a Zip package");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Each_function_is_built_by_the_makefile_from_the_whole_repository(string id, string handler)
    {
        _ = handler;
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Defaults));
        var metadata = scenario.Resource(id)["Metadata"];

        Assert.True(metadata?["BuildMethod"].Text() == "makefile", $"{id}: Metadata.BuildMethod must be makefile, is {metadata.Show()}");

        // SAM copies CodeUri (or ProjectRootDirectory) to a scratch folder and runs make there: it must
        // hold the sibling projects the Functions project references.
        var codeUri = scenario.FunctionProperty(id, "CodeUri").Text();
        var sourceRoot = metadata!["ProjectRootDirectory"].Text() ?? codeUri;
        Assert.True(sourceRoot is not null, $"{id}: needs a CodeUri");
        var sourceDirectory = Path.GetFullPath(Path.Combine(RepoPaths.Root, sourceRoot!));
        foreach (var sibling in new[] { "src/OrgSync.Core", "src/OrgSync.Pipeline", "src/OrgSync.DynamoDb", "Directory.Packages.props" })
        {
            Assert.True(Path.Exists(Path.Combine(sourceDirectory, sibling)),
                $"{id}: the build copies '{sourceRoot}' only, which lacks {sibling}; the publish of src/OrgSync.Functions needs it");
        }

        var contextPath = metadata["ContextPath"].Text() ?? codeUri!;
        var makefile = Path.Combine(RepoPaths.Root, contextPath, "Makefile");
        Assert.True(File.Exists(makefile), $"{id}: SAM looks for the Makefile in '{contextPath}' (ContextPath or CodeUri); there is none");
        var text = await File.ReadAllTextAsync(makefile);
        var target = Regex.Match(text, $@"^build-{id}:[^\n]*\n((?:\t[^\n]*\n)+)", RegexOptions.Multiline);
        Assert.True(target.Success, $"{id}: {contextPath}/Makefile has no target build-{id} with a recipe");
        Assert.Matches(@"dotnet publish \$\(PROJECT_DIR\)|dotnet publish src/OrgSync\.Functions", text);
        Assert.Matches(@"-c Release -o ""?\$\(ARTIFACTS_DIR\)""?", text);
        Assert.Matches(@"PROJECT_DIR\s*:?=\s*src/OrgSync\.Functions", text);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Each_function_reads_the_packaged_targets_file_unless_TargetsJson_overrides_it(string id, string handler)
    {
        _ = handler;
        var packaged = Variables(await Scenarios.SamAsync(nameof(Scenarios.Defaults)), id);
        Assert.True(packaged["ORGSYNC_TARGETS_FILE"].Text() == "targets.json",
            $"{id}: ORGSYNC_TARGETS_FILE must name the packaged targets.json (relative to LAMBDA_TASK_ROOT), is {packaged["ORGSYNC_TARGETS_FILE"].Show()}");
        Assert.False(packaged.ContainsKey("ORGSYNC_TARGETS"), $"{id}: without TargetsJson there must be no ORGSYNC_TARGETS (the function refuses both)");

        const string Inline = """{"aggregators":[]}""";
        var overridden = Variables(await Scenarios.SamWithAsync(new Dictionary<string, string> { ["TargetsJson"] = Inline }), id);
        Assert.True(overridden["ORGSYNC_TARGETS"].Text() == Inline, $"{id}: TargetsJson must become ORGSYNC_TARGETS, is {overridden["ORGSYNC_TARGETS"].Show()}");
        Assert.False(overridden.ContainsKey("ORGSYNC_TARGETS_FILE"), $"{id}: with TargetsJson there must be no ORGSYNC_TARGETS_FILE (the function refuses both)");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Each_function_knows_the_notification_bus_when_there_is_one(string id, string handler)
    {
        _ = handler;
        Assert.False(Variables(await Scenarios.SamAsync(nameof(Scenarios.Defaults)), id).ContainsKey("ORGSYNC_NOTIFICATION_BUS_NAME"), $"{id}: notifications are off by default");

        var variables = Variables(await Scenarios.SamAsync(nameof(Scenarios.Everything)), id);
        Assert.True(variables["ORGSYNC_NOTIFICATION_BUS_NAME"].Text() == Scenarios.NotificationBusName,
            $"{id}: ORGSYNC_NOTIFICATION_BUS_NAME must follow NotificationBusName, is {variables["ORGSYNC_NOTIFICATION_BUS_NAME"].Show()}");
    }

    [Fact]
    public async Task The_repository_root_holds_the_deployments_targets_file_and_the_Makefile_packages_it_for_every_function()
    {
        var template = await TemplateValidation.SamTemplateAsync();
        var file = Path.Combine(RepoPaths.Root, "targets.json");

        Assert.True(File.Exists(file), "targets.json beside template.yaml is what `sam build` packages; infra/sample/targets.json is only the sample");
        _ = OrgSync.Core.Targets.TargetsFileLoader.Parse(await File.ReadAllTextAsync(file));
        var makefile = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "src", "OrgSync.Functions", "Makefile"));
        Assert.Matches(@"cp ""?\$\(REPO_ROOT\)/targets\.json""? ""?\$\(ARTIFACTS_DIR\)/targets\.json""?", makefile);
        foreach (var (id, _) in template["Resources"]!.AsObject().Where(r => r.Value!["Type"].Text() == "AWS::Serverless::Function"))
        {
            var recipe = Regex.Match(makefile, $@"^build-{id}:[^\n]*\n((?:\t[^\n]*\n)+)", RegexOptions.Multiline);
            Assert.True(recipe.Success && recipe.Groups[1].Value.Contains("$(package-targets)", StringComparison.Ordinal),
                $"build-{id} must package targets.json beside the bootstrap ($(package-targets)): {recipe.Value}");
        }
    }

    [Fact]
    public async Task Every_function_gets_the_runtime_contract_environment()
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Defaults));

        foreach (var id in new[] { "SqsFunction", "EventBridgeFunction", "ReconcileFunction" })
        {
            var variables = Variables(scenario, id);
            Assert.True(variables["ORGSYNC_TABLE_NAME"].IsRef("StateTable"), $"{id}: ORGSYNC_TABLE_NAME must be !Ref StateTable, is {variables["ORGSYNC_TABLE_NAME"].Show()}");
            Assert.True(variables["POWERTOOLS_SERVICE_NAME"].Text() == "orgsync", $"{id}: POWERTOOLS_SERVICE_NAME must be orgsync");
            Assert.True(variables["POWERTOOLS_LOG_LEVEL"].Text() == "INFO", $"{id}: POWERTOOLS_LOG_LEVEL must follow the LogLevel parameter (default INFO)");
            Assert.True(variables["POWERTOOLS_METRICS_NAMESPACE"].Text() == "OrgSync", $"{id}: POWERTOOLS_METRICS_NAMESPACE must follow MetricsNamespace (default OrgSync)");
            Assert.False(variables.ContainsKey("AWS_LAMBDA_LOG_LEVEL"), $"{id}: AWS_LAMBDA_LOG_LEVEL is reserved; Lambda sets it from LoggingConfig");
        }
    }

    [Fact]
    public async Task The_SQS_function_knows_the_queue_maxReceiveCount_so_that_it_can_tell_and_count_dead_letters()
    {
        // Not the default, so that a literal 5 in the template would not pass.
        var scenario = await Scenarios.SamWithAsync(new Dictionary<string, string> { ["MaxReceiveCount"] = "7" });

        var sqs = Variables(scenario, "SqsFunction");
        Assert.True(sqs["ORGSYNC_MAX_RECEIVE_COUNT"].Text() == "7", $"SqsFunction: ORGSYNC_MAX_RECEIVE_COUNT must be !Ref MaxReceiveCount, is {sqs["ORGSYNC_MAX_RECEIVE_COUNT"].Show()}");
        Assert.Equal("7", scenario.Resource("EventQueue")["Properties"]!["RedrivePolicy"]!["maxReceiveCount"].Text());
        Assert.True(sqs["ORGSYNC_TABLE_NAME"].IsRef("StateTable"), "SqsFunction: its own variables are merged with the global ones, not instead of them");

        // Reconcile reads no queue and is not retried: no delivery count applies.
        Assert.False(Variables(scenario, "ReconcileFunction").ContainsKey("ORGSYNC_MAX_RECEIVE_COUNT"));
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task The_EventBridge_function_knows_its_last_attempt_MaximumRetryAttempts_plus_one(string name)
    {
        var scenario = await Scenarios.SamAsync(name);

        // A literal: YAML gives a number (or a string, quoted); either way its JSON text without quotes.
        var retries = scenario.Resource("EventBridgeFunction")["Properties"]?["EventInvokeConfig"]?["MaximumRetryAttempts"]?.ToJsonString().Trim('"');
        var variables = Variables(scenario, "EventBridgeFunction");
        Assert.True(variables.ContainsKey("ORGSYNC_MAX_RECEIVE_COUNT"), $"{name}: EventBridgeFunction needs ORGSYNC_MAX_RECEIVE_COUNT to announce a failure on Lambda's last attempt");
        var maxReceiveCount = variables["ORGSYNC_MAX_RECEIVE_COUNT"]?.ToJsonString().Trim('"');

        Assert.True(
            int.TryParse(retries, System.Globalization.CultureInfo.InvariantCulture, out var retryAttempts)
            && int.TryParse(maxReceiveCount, System.Globalization.CultureInfo.InvariantCulture, out var attempts)
            && attempts == retryAttempts + 1,
            $"{name}: EventBridgeFunction's ORGSYNC_MAX_RECEIVE_COUNT ({maxReceiveCount}) must be its EventInvokeConfig MaximumRetryAttempts ({retries}) + 1: Lambda's attempts of one event");
        Assert.True(variables["ORGSYNC_TABLE_NAME"].IsRef("StateTable"), $"{name}: EventBridgeFunction counts its attempts in the state table");
    }

    [Fact]
    public async Task The_reconcile_function_has_fifteen_minutes_and_enqueues_on_the_event_queue()
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Defaults));

        Assert.Equal("900", scenario.FunctionProperty("ReconcileFunction", "Timeout")!.ToJsonString().Trim('"'));
        var variables = Variables(scenario, "ReconcileFunction");
        Assert.True(variables["ORGSYNC_QUEUE_URL"].IsRef("EventQueue"), $"ORGSYNC_QUEUE_URL must be the event queue's URL (!Ref EventQueue), is {variables["ORGSYNC_QUEUE_URL"].Show()}");
        Assert.False(Variables(scenario, "SqsFunction").ContainsKey("ORGSYNC_QUEUE_URL"), "only reconcile enqueues");
        Assert.Equal(0, scenario.Resource("ReconcileFunction")["Properties"]!["EventInvokeConfig"]!["MaximumRetryAttempts"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(null, "rate(6 hours)")]
    [InlineData("cron(15 3 * * ? *)", "cron(15 3 * * ? *)")]
    public async Task A_schedule_starts_the_reconcile_function_as_ReconcileSchedule_says(string? schedule, string expected)
    {
        var scenario = await Scenarios.SamWithAsync(schedule is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["ReconcileSchedule"] = schedule });
        var properties = scenario.Resource("ScheduledReconcile")["Properties"]!;

        Assert.Equal("AWS::Scheduler::Schedule", scenario.Resource("ScheduledReconcile")["Type"].Text());
        Assert.Equal(expected, properties["ScheduleExpression"].Text());
        Assert.Equal("ENABLED", properties["State"].Text());
        Assert.True(properties["Target"]!["Arn"].IsGetAtt("ReconcileFunction", "Arn"), properties["Target"].Show());
        Assert.True(properties["Target"]!["RoleArn"].IsGetAtt("ScheduledReconcileRole", "Arn"), properties["Target"].Show());
        Assert.Matches((await TemplateValidation.SamTemplateAsync())["Parameters"]!["ReconcileSchedule"]!["AllowedPattern"].Text()!, expected);
    }

    [Theory]
    [InlineData("10", "0", true)]
    [InlineData("1", "0", true)]
    [InlineData("11", "0", false)]
    [InlineData("10000", "0", false)]
    [InlineData("11", "1", true)]
    [InlineData("10000", "60", true)]
    public async Task A_batch_above_ten_needs_a_batching_window(string batchSize, string window, bool accepted)
    {
        var scenario = await Scenarios.SamWithAsync(new Dictionary<string, string>
        {
            ["SqsBatchSize"] = batchSize,
            ["SqsMaximumBatchingWindowInSeconds"] = window,
        });

        var failed = scenario.FailedRuleAssertions();
        Assert.True((failed.Count == 0) == accepted,
            $"batch size {batchSize}, window {window}: Lambda {(accepted ? "accepts" : "rejects")} it, the template's Rules {(failed.Count == 0 ? "accept" : "reject")} it ({string.Join("; ", failed)})");
    }

    /// <summary>A function's environment as SAM deploys it: Globals.Function's variables, overridden by its own.</summary>
    private static JsonObject Variables(CfnScenario scenario, string id)
    {
        var variables = new JsonObject();
        foreach (var source in new[] { scenario.Globals["Function"]?["Environment"]?["Variables"], scenario.Resource(id)["Properties"]?["Environment"]?["Variables"] })
        {
            foreach (var (name, value) in source?.AsObject() ?? [])
            {
                variables[name] = value?.DeepClone();
            }
        }

        return variables;
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Each_function_logs_JSON_to_its_own_log_group_with_retention(string id, string handler)
    {
        _ = handler;
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Defaults));
        var logging = scenario.FunctionProperty(id, "LoggingConfig");

        Assert.True(logging?["LogFormat"].Text() == "JSON", $"{id}: LoggingConfig.LogFormat must be JSON, is {logging.Show()}");
        var logGroupId = logging!["LogGroup"]?["Ref"].Text();
        Assert.True(logGroupId is not null, $"{id}: LoggingConfig.LogGroup must reference a log group of the stack, is {logging["LogGroup"].Show()}");
        var logGroup = scenario.Resource(logGroupId!);
        Assert.Equal("AWS::Logs::LogGroup", logGroup["Type"].Text());
        Assert.True(logGroup["Properties"]?["RetentionInDays"] is not null, $"{logGroupId}: needs RetentionInDays");
    }

    [Fact]
    public async Task The_SQS_function_reports_batch_item_failures_from_the_event_queue()
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Defaults));
        var events = scenario.Resource("SqsFunction")["Properties"]?["Events"]?.AsObject() ?? [];
        var sqs = events.Select(e => e.Value!).Where(e => e["Type"].Text() == "SQS").ToList();

        Assert.True(sqs.Count == 1, $"SqsFunction needs exactly one SQS event source, has {sqs.Count}");
        var properties = sqs[0]["Properties"]!;
        Assert.True(properties["Queue"].IsGetAtt("EventQueue", "Arn"), $"the SQS event must read EventQueue, reads {properties["Queue"].Show()}");
        Assert.True(properties["FunctionResponseTypes"].Texts().Contains("ReportBatchItemFailures"),
            $"the SQS event needs FunctionResponseTypes [ReportBatchItemFailures], has {properties["FunctionResponseTypes"].Show()}");
        Assert.Equal("10", properties["BatchSize"].Text());
        Assert.Equal("5", properties["MaximumBatchingWindowInSeconds"].Text());
        Assert.True(properties["ScalingConfig"]?["MaximumConcurrency"] is not null, "the SQS event should cap its concurrency (ScalingConfig.MaximumConcurrency)");
    }

    [Fact]
    public async Task The_queue_visibility_timeout_is_at_least_six_function_timeouts_plus_the_batching_window()
    {
        var template = await TemplateValidation.SamTemplateAsync();
        var allowed = template["Parameters"]!["FunctionTimeoutSeconds"]!["AllowedValues"]!.AsArray().Select(v => int.Parse(v!.ToJsonString().Trim('"'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var maxWindow = template["Parameters"]!["SqsMaximumBatchingWindowInSeconds"]!["MaxValue"]!.GetValue<int>();
        Assert.NotEmpty(allowed);

        foreach (var timeout in allowed)
        {
            var scenario = new CfnScenario(template, Scenarios.With(new Dictionary<string, string> { ["FunctionTimeoutSeconds"] = timeout.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            var visibility = scenario.Resource("EventQueue")["Properties"]!["VisibilityTimeout"]!.GetValue<int>();
            var functionTimeout = int.Parse(scenario.FunctionProperty("SqsFunction", "Timeout").Text()!, System.Globalization.CultureInfo.InvariantCulture);

            Assert.True(functionTimeout == timeout, $"SqsFunction.Timeout must follow FunctionTimeoutSeconds ({timeout}), is {functionTimeout}");
            Assert.True(visibility >= (6 * timeout) + maxWindow,
                $"timeout {timeout}s: VisibilityTimeout {visibility}s < 6 x {timeout} + {maxWindow} (AWS guidance for SQS event sources)");
            Assert.True(visibility <= 43200, $"timeout {timeout}s: VisibilityTimeout {visibility}s exceeds SQS's 12-hour maximum");
        }
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Both_queues_are_encrypted_and_the_event_queue_dead_letters(string name)
    {
        var scenario = await Scenarios.SamAsync(name);

        foreach (var id in new[] { "EventQueue", "DeadLetterQueue" })
        {
            var properties = scenario.Resource(id)["Properties"]!;
            var sseSqs = properties["SqsManagedSseEnabled"] is JsonValue v && v.TryGetValue<bool>(out var on) && on;
            var kms = properties["KmsMasterKeyId"].Text();
            Assert.True(sseSqs ^ kms is not null, $"{name}: {id} must be encrypted with exactly one of SSE-SQS or a KMS key: {properties.Show()}");
            if (name != nameof(Scenarios.Defaults))
            {
                Assert.Equal(Scenarios.KmsKeyArn, kms);
            }
        }

        var deadLetterQueue = scenario.Resource("DeadLetterQueue");
        Assert.True(deadLetterQueue["DeletionPolicy"].Text() == "Retain" && deadLetterQueue["UpdateReplacePolicy"].Text() == "Retain",
            $"{name}: the dead-letter queue holds the changes that could not be applied: it must outlive the stack and a replacement");

        var redrive = scenario.Resource("EventQueue")["Properties"]!["RedrivePolicy"];
        Assert.True(redrive?["deadLetterTargetArn"].IsGetAtt("DeadLetterQueue", "Arn") == true, $"{name}: EventQueue.RedrivePolicy must target DeadLetterQueue: {redrive.Show()}");
        Assert.True(redrive!["maxReceiveCount"].Text() == "5", $"{name}: maxReceiveCount must be the MaxReceiveCount parameter (default 5): {redrive.Show()}");
        Assert.Equal("5", (await TemplateValidation.SamTemplateAsync())["Parameters"]!["MaxReceiveCount"]!["Default"]!.ToJsonString().Trim('"'));
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task An_alarm_watches_the_dead_letter_queue(string name)
    {
        var scenario = await Scenarios.SamAsync(name);

        var alarms = scenario.ResourcesOfType("AWS::CloudWatch::Alarm")
            .Where(a => a.Resource["Properties"]?["Dimensions"]?.AsArray().Any(d => d?["Value"].IsGetAtt("DeadLetterQueue", "QueueName") == true) == true)
            .ToList();
        Assert.True(alarms.Count == 1, $"{name}: exactly one alarm must watch DeadLetterQueue (dimension QueueName = !GetAtt DeadLetterQueue.QueueName), found {alarms.Count}");
        var alarm = alarms[0].Resource["Properties"]!;
        Assert.Equal("AWS/SQS", alarm["Namespace"].Text());
        Assert.Equal("ApproximateNumberOfMessagesVisible", alarm["MetricName"].Text());
        Assert.Equal("GreaterThanThreshold", alarm["ComparisonOperator"].Text());
        Assert.Equal(0, alarm["Threshold"]!.GetValue<int>());
        if (name == nameof(Scenarios.Defaults))
        {
            Assert.True(alarm["AlarmActions"] is null, $"{name}: no AlarmTopicArn, so no alarm actions: {alarm["AlarmActions"].Show()}");
        }
        else
        {
            Assert.True(alarm["AlarmActions"].Texts().SequenceEqual([Scenarios.AlarmTopicArn]), $"{name}: the alarm must notify AlarmTopicArn: {alarm["AlarmActions"].Show()}");
        }
    }

    [Fact]
    public async Task The_state_table_has_the_runtime_contract_shape_and_survives_the_stack()
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Defaults));
        var table = scenario.Resource("StateTable");
        var properties = table["Properties"]!;

        Assert.Equal("AWS::DynamoDB::Table", table["Type"].Text());
        Assert.Equal("Retain", table["DeletionPolicy"].Text());
        Assert.Equal("Retain", table["UpdateReplacePolicy"].Text());
        Assert.Equal("PAY_PER_REQUEST", properties["BillingMode"].Text());

        var keys = properties["KeySchema"]!.AsArray().Select(k => $"{k!["AttributeName"].Text()}:{k["KeyType"].Text()}").ToList();
        Assert.True(keys.SequenceEqual(["pk:HASH", "sk:RANGE"]), $"KeySchema must be pk HASH, sk RANGE: {properties["KeySchema"].Show()}");
        var attributes = properties["AttributeDefinitions"]!.AsArray().ToDictionary(a => a!["AttributeName"].Text()!, a => a!["AttributeType"].Text());
        Assert.True(attributes.Count == 2 && attributes["pk"] == "S" && attributes["sk"] == "S", $"pk and sk must be strings: {properties["AttributeDefinitions"].Show()}");

        Assert.Equal("expiresAt", properties["TimeToLiveSpecification"]?["AttributeName"].Text());
        Assert.True(properties["TimeToLiveSpecification"]!["Enabled"]!.GetValue<bool>(), "TTL on expiresAt must be enabled");
        Assert.True(properties["PointInTimeRecoverySpecification"]?["PointInTimeRecoveryEnabled"]?.GetValue<bool>() == true, "point-in-time recovery must be on");
        Assert.True(properties["SSESpecification"]?["SSEEnabled"]?.GetValue<bool>() == true, "server-side encryption must be on (SSEEnabled)");
    }

    [Fact]
    public async Task Outputs_name_the_queues_the_table_and_the_functions()
    {
        var scenario = await Scenarios.SamAsync(nameof(Scenarios.Defaults));

        foreach (var (output, check) in new (string, Func<JsonNode?, bool>)[]
        {
            ("EventQueueUrl", v => v.IsRef("EventQueue")),
            ("EventQueueArn", v => v.IsGetAtt("EventQueue", "Arn")),
            ("DeadLetterQueueUrl", v => v.IsRef("DeadLetterQueue")),
            ("DeadLetterQueueArn", v => v.IsGetAtt("DeadLetterQueue", "Arn")),
            ("StateTableName", v => v.IsRef("StateTable")),
            ("SqsFunctionName", v => v.IsRef("SqsFunction")),
            ("EventBridgeFunctionName", v => v.IsRef("EventBridgeFunction")),
            ("ReconcileFunctionName", v => v.IsRef("ReconcileFunction")),
            ("ReconcileFunctionRoleArn", v => v.IsGetAtt("ReconcileFunctionRole", "Arn")),
            ("DashboardName", v => v.IsRef("Dashboard")),
        })
        {
            var value = scenario.Outputs[output]?["Value"];
            Assert.True(check(value), $"output {output} is {value.Show()}");
        }
    }
}
