using OrgSync.Emulator.Faults;

namespace OrgSync.Emulator.Hosting;

/// <summary>How an emulator instance runs.</summary>
public sealed record EmulatorOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one (read it back from <see cref="AwsEmulator.BaseAddress"/>).</summary>
    public int Port { get; init; }

    /// <summary>The emulator's clock: request-time checks, credential expiry, timestamps, latency.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public FaultSettings Faults { get; init; } = FaultSettings.None;

    /// <summary>Seeds the fault draws, so the same seed and call order inject the same faults.</summary>
    public int Seed { get; init; }

    /// <summary>Added to every call after authentication.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;
}
