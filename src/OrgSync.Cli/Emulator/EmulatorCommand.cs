using System.CommandLine;
using System.Runtime.InteropServices;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.State;

namespace OrgSync.Cli.Emulator;

/// <summary>
/// <c>orgsync emulator --state FILE [--port N] [--state-out FILE] [--faults SPEC] [--seed N]</c>: serves the
/// emulated AWS Config, Image Builder, STS, Organizations and IAM on 127.0.0.1 until Ctrl+C or SIGTERM,
/// then writes the final state.
/// </summary>
internal static class EmulatorCommand
{
    public static Command Create()
    {
        var state = new Option<FileInfo>("--state")
        {
            Description = "State file to start from (SPEC §5: accountId, accessKeyId, secretAccessKey, resources).",
            Required = true,
        };
        var port = new Option<int>("--port")
        {
            Description = $"Port on 127.0.0.1 (default {AwsEmulator.DefaultPort}; 0 picks a free one).",
            DefaultValueFactory = _ => AwsEmulator.DefaultPort,
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be from 0 to 65535.");
            }
        });
        var stateOut = new Option<FileInfo?>("--state-out")
        {
            Description = "Where to write the final state (same format) when the emulator stops.",
        };
        var faults = new Option<string?>("--faults")
        {
            Description = "Per-call fault probabilities, e.g. throttle=0.2,error=0.1,lost-response=0.05,in-use=0.2.",
            HelpName = "SPEC",
        };
        faults.Validators.Add(result =>
        {
            if (!FaultSettings.TryParse(result.GetValueOrDefault<string?>(), out _, out var error))
            {
                result.AddError("--faults: " + error);
            }
        });
        var seed = new Option<int>("--seed") { Description = "Seeds the fault draws: the same seed and call order inject the same faults." };

        var command = new Command("emulator", "Serve a strict local emulator of AWS Config, EC2 Image Builder, STS, Organizations and IAM for SDKs and tools.")
        {
            state,
            port,
            stateOut,
            faults,
            seed,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(state)!,
            new EmulatorOptions { Port = parse.GetValue(port), Faults = FaultSettings.Parse(parse.GetValue(faults) ?? string.Empty), Seed = parse.GetValue(seed) },
            parse.GetValue(stateOut),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo stateFile, EmulatorOptions options, FileInfo? stateOut, CancellationToken invocationCancelled)
    {
        // Ctrl+C and SIGTERM both mean "stop serving and save": handled here so the state is written before exit.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(invocationCancelled);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var stop = stopping.Token;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }

        EmulatorState state;
        try
        {
            state = EmulatorState.Load(stateFile.FullName);
        }
        catch (StateFileException ex)
        {
            await Console.Error.WriteLineAsync("orgsync emulator: " + ex.Message);
            return CliApp.ExitUsage;
        }

        AwsEmulator emulator;
        try
        {
            emulator = await AwsEmulator.StartAsync(state, options, stop);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync("orgsync emulator: " + ex.Message);
            return 3;
        }

        await using (emulator)
        {
            var env = emulator.EnvironmentVariables();
            Console.WriteLine($"""
                OrgSync AWS emulator listening on {emulator.Endpoint}
                  services: config (awsJson1_1), imagebuilder (restJson1), sts (query), organizations (awsJson1_1), iam (query); Region and service come from the SigV4 credential scope
                  account:  {state.AccountId} (AssumeRole into arn:aws:iam::<any account>:role/<name> to act on another account)

                Point an AWS SDK or the AWS CLI at it:
                  export AWS_ENDPOINT_URL={env["AWS_ENDPOINT_URL"]}
                  export AWS_ACCESS_KEY_ID={env["AWS_ACCESS_KEY_ID"]}
                  export AWS_SECRET_ACCESS_KEY={env["AWS_SECRET_ACCESS_KEY"]}
                  export AWS_REGION=us-east-1
                  aws configservice describe-configuration-aggregators

                {(options.Faults.IsNone ? string.Empty : $"Faults: {options.Faults} (seed {options.Seed})\n")}Press Ctrl+C to stop{(stateOut is null ? "." : $"; the final state is then written to {stateOut.FullName}.")}
                """);
            try
            {
                await Task.Delay(Timeout.Infinite, stop);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop serving, then save.
            }

            await emulator.StopAsync(CancellationToken.None);
        }

        if (stateOut is not null)
        {
            state.WriteTo(stateOut.FullName);
            Console.WriteLine($"State written to {stateOut.FullName}");
        }

        return 0;
    }
}
