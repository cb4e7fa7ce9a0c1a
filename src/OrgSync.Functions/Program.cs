using OrgSync.Functions.Hosting;

// The Lambda custom runtime (provided.al2023): this executable is the package's `bootstrap`.
using var stdout = Console.OpenStandardOutput();
return await FunctionHost.RunAsync(FunctionEnvironment.FromProcess(), stdout, new FunctionHostOptions(), CancellationToken.None).ConfigureAwait(false);
