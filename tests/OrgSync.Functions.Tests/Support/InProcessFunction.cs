using OrgSync.Functions.Hosting;

namespace OrgSync.Functions.Tests.Support;

/// <summary>
/// <see cref="FunctionHost"/> running in this process against a <see cref="FakeRuntimeApi"/>, with a
/// given environment (never the test process's own) and stdout captured.
/// </summary>
public sealed class InProcessFunction : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;

    private InProcessFunction(FakeRuntimeApi api, Task<int> run, StdoutCaptureStream stdout, CancellationTokenSource stop)
    {
        Api = api;
        Run = run;
        Stdout = stdout;
        _stop = stop;
    }

    public FakeRuntimeApi Api { get; }

    /// <summary>Completes with the exit code when the host returns.</summary>
    public Task<int> Run { get; }

    public StdoutCaptureStream Stdout { get; }

    /// <param name="options">Defaults to a fixed targets file (Core's loader is not under test here).</param>
    public static async Task<InProcessFunction> StartAsync(
        IDictionary<string, string> environment, FunctionHostOptions? options = null)
    {
        var api = await FakeRuntimeApi.StartAsync();
        var variables = new Dictionary<string, string>(environment) { ["AWS_LAMBDA_RUNTIME_API"] = api.Address };
        var stdout = new StdoutCaptureStream();
        var stop = new CancellationTokenSource();
        var hostOptions = options ?? new FunctionHostOptions { ParseTargets = _ => TestData.EmptyTargets };
        var run = Task.Run(() => FunctionHost.RunAsync(new FunctionEnvironment(variables), stdout, hostOptions, stop.Token));
        return new InProcessFunction(api, run, stdout, stop);
    }

    /// <summary>Stops the invoke loop and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await Run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            // The test already asserted what it needed; disposal must not mask its failure.
        }

        await Api.DisposeAsync();
        _stop.Dispose();
    }
}
