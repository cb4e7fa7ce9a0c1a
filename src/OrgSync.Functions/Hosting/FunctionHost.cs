using Microsoft.Extensions.Logging;
using OrgSync.Core.Targets;
using OrgSync.Functions.Handlers;
using OrgSync.Functions.Logging;
using OrgSync.Functions.Metrics;
using OrgSync.Functions.Runtime;
using OrgSync.Functions.Storage;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Hosting;

/// <summary>The seams of <see cref="FunctionHost"/>; the defaults are what runs in Lambda.</summary>
public sealed record FunctionHostOptions
{
    public Func<string, TargetsFile> ParseTargets { get; init; } = TargetsFileLoader.Parse;

    public HandlerFactories Handlers { get; init; } = HandlerFactories.Default;

    public DynamoDbStorageFactory DynamoDbStorage { get; init; } = StorageWiring.CreateDynamoDb;

    public RuntimeLoopOptions Loop { get; init; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// The process: logging first, then init (handler, targets, storage, metrics) — any failure there is
/// reported to the Runtime API as an init error and ends the process with <see cref="ExitInitFailed"/> —
/// then the invoke loop. Init does no I/O beyond reading the targets file: AWS clients are lazy.
/// </summary>
public static partial class FunctionHost
{
    public const int ExitInitFailed = 1;

    public const string HandlerVariable = "_HANDLER";
    public const string TargetsFileVariable = "ORGSYNC_TARGETS_FILE";
    public const string TargetsVariable = "ORGSYNC_TARGETS";

    public static async Task<int> RunAsync(FunctionEnvironment environment, Stream stdout, FunctionHostOptions options, CancellationToken stop)
    {
        var output = new StdoutLineWriter(stdout);
        var logSettings = LogSettings.FromEnvironment(environment.Get, out var logWarnings);
        using var logs = new PowertoolsLoggerProvider(
            logSettings, output, SecretScrubber.FromEnvironment(environment.Get, environment.Names), options.Time);
        var logger = logs.CreateLogger("OrgSync.Functions");
        foreach (var warning in logWarnings)
        {
            Log.Configuration(logger, warning);
        }

        if (environment.Get("AWS_LAMBDA_RUNTIME_API") is not { } runtimeApi)
        {
            Log.NoRuntimeApi(logger);
            return ExitInitFailed;
        }

        using var api = new RuntimeApiClient(runtimeApi, options.Time);
        IInvocationHandler handler;
        EmfMetricsSink metrics;
        try
        {
            (handler, metrics) = Initialize(environment, logs, output, options);
        }
        catch (Exception ex)
        {
            var error = ex is FunctionInitException init
                ? new RuntimeError(logs.Scrub(init.Message), init.ErrorType, [])
                : RuntimeError.From(ex, logs.Scrub);
            // A configuration problem needs its message, not our stack; a crash in a factory needs both.
            Log.InitFailed(logger, ex is FunctionInitException ? ex.InnerException : ex, error.ErrorMessage);
            try
            {
                await api.SendInitErrorAsync(error, stop).ConfigureAwait(false);
            }
            catch (Exception sendFailure) when (sendFailure is HttpRequestException or RuntimeApiException or IOException or OperationCanceledException)
            {
                Log.InitErrorNotSent(logger, sendFailure);
            }

            return ExitInitFailed;
        }

        var loop = new LambdaRuntimeLoop(api, handler, logs, metrics, options.Time, options.Loop);
        return await loop.RunAsync(stop).ConfigureAwait(false);
    }

    private static (IInvocationHandler Handler, EmfMetricsSink Metrics) Initialize(
        FunctionEnvironment environment, PowertoolsLoggerProvider logs, StdoutLineWriter output, FunctionHostOptions options)
    {
        var logger = logs.CreateLogger("OrgSync.Functions");
        var handlerName = environment.Get(HandlerVariable)?.Trim();
        if (!HandlerCatalog.IsKnown(handlerName))
        {
            throw new FunctionInitException(
                $"Unknown handler {HandlerVariable}='{handlerName}': the function's Handler must be one of {string.Join(", ", HandlerCatalog.Names)}.",
                "Runtime.InvalidHandler");
        }

        var targets = LoadTargets(environment, options.ParseTargets);
        NotificationBusCheck.Verify(environment, targets);
        var storage = CreateStorage(environment, logs, options);
        var metrics = new EmfMetricsSink(
            environment.Get("POWERTOOLS_METRICS_NAMESPACE") ?? EmfMetricsSink.DefaultNamespace,
            logs.Settings.Service,
            output,
            options.Time);
        var services = new FunctionServices(handlerName!, environment, targets, storage.Ledger, storage.Lease, metrics, logs, options.Time)
        {
            Journal = storage.Journal,
            Announcements = storage.Announcements,
            DeliveryAttempts = storage.DeliveryAttempts,
        };

        IInvocationHandler handler;
        try
        {
            handler = HandlerCatalog.Create(services, options.Handlers);
        }
        catch (Exception ex) when (ex is not FunctionInitException)
        {
            throw new FunctionInitException($"The {handlerName} handler could not be created: {ex.Message}", "Runtime.HandlerInitError", ex);
        }

        Log.Initialised(
            logger, handlerName!, targets.Aggregators.Length, targets.Distributions.Length, targets.DeliveryChannels.Length, storage.Description);
        return (handler, metrics);
    }

    /// <summary>The targets from <c>ORGSYNC_TARGETS_FILE</c> (a path) or <c>ORGSYNC_TARGETS</c> (JSON text); exactly one.</summary>
    internal static TargetsFile LoadTargets(FunctionEnvironment environment, Func<string, TargetsFile> parse)
    {
        const string ErrorType = "Runtime.InvalidTargetsFile";
        var path = environment.Get(TargetsFileVariable);
        var inline = environment.Get(TargetsVariable);
        string source;
        string json;
        if (path is not null && inline is not null)
        {
            throw new FunctionInitException(
                $"Both {TargetsFileVariable} and {TargetsVariable} are set; set exactly one.", ErrorType);
        }

        if (path is not null)
        {
            // Relative to the deployment package (the working directory Lambda starts us in).
            var fullPath = Path.IsPathRooted(path)
                ? path
                : Path.GetFullPath(Path.Combine(environment.Get("LAMBDA_TASK_ROOT") ?? Directory.GetCurrentDirectory(), path));
            source = $"{TargetsFileVariable} ({fullPath})";
            try
            {
                json = File.ReadAllText(fullPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                throw new FunctionInitException($"{source}: cannot read the targets file: {ex.Message}", ErrorType, ex);
            }
        }
        else if (inline is not null)
        {
            source = TargetsVariable;
            json = inline;
        }
        else
        {
            throw new FunctionInitException(
                $"No targets: set {TargetsFileVariable} (a path to the targets file) or {TargetsVariable} (its JSON text).", ErrorType);
        }

        try
        {
            return parse(json);
        }
        catch (TargetsFileException ex)
        {
            var problems = ex.Errors.IsDefaultOrEmpty ? ex.Message : "invalid targets file: " + string.Join("; ", ex.Errors);
            throw new FunctionInitException($"{source}: {problems}", ErrorType, ex);
        }
        catch (Exception ex)
        {
            throw new FunctionInitException($"{source}: the targets could not be loaded: {ex.GetType().Name}: {ex.Message}", ErrorType, ex);
        }
    }

    private static FunctionStorage CreateStorage(FunctionEnvironment environment, PowertoolsLoggerProvider logs, FunctionHostOptions options)
    {
        if (environment.Get(StorageWiring.TableNameVariable) is not { } table)
        {
            Log.InMemoryStorage(logs.CreateLogger("OrgSync.Functions"), StorageWiring.TableNameVariable);
            return StorageWiring.CreateInMemory(options.Time);
        }

        try
        {
            return options.DynamoDbStorage(
                table, new StorageContext(environment, options.Time, logs, StorageWiring.LazyDynamoDbClient()));
        }
        catch (Exception ex)
        {
            throw new FunctionInitException($"The ledger and lease on table '{table}' could not be set up: {ex.Message}", "Runtime.StorageInitError", ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
        public static partial void Configuration(ILogger logger, string warning);

        [LoggerMessage(Level = LogLevel.Critical, Message = "AWS_LAMBDA_RUNTIME_API is not set: this executable is a Lambda custom runtime (provided.al2023) and runs inside Lambda or against a Runtime API emulator.")]
        public static partial void NoRuntimeApi(ILogger logger);

        [LoggerMessage(Level = LogLevel.Critical, Message = "Init failed: {Reason}")]
        public static partial void InitFailed(ILogger logger, Exception? exception, string reason);

        [LoggerMessage(Level = LogLevel.Error, Message = "The init error could not be reported to the Lambda Runtime API.")]
        public static partial void InitErrorNotSent(ILogger logger, Exception exception);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Variable} is not set: the ledger and lease are in memory, for this process only. Duplicate, stale and concurrent deliveries across instances are NOT protected; use this for tests only.")]
        public static partial void InMemoryStorage(ILogger logger, string variable);

        [LoggerMessage(Level = LogLevel.Information, Message = "Initialised the {Handler} function: {Aggregators} aggregators, {Distributions} distribution configurations, {DeliveryChannels} delivery channel settings; ledger and lease {Storage}.")]
        public static partial void Initialised(ILogger logger, string handler, int aggregators, int distributions, int deliveryChannels, string storage);
    }
}
