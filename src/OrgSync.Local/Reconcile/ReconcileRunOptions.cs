using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrgSync.Core.Targets;
using OrgSync.Emulator.State;

namespace OrgSync.Local.Reconcile;

/// <summary>What one <c>orgsync reconcile</c> run does (SPEC §4, §6).</summary>
public sealed record ReconcileRunOptions
{
    public required TargetsFile Targets { get; init; }

    /// <summary>Against the embedded emulator seeded from this state (it is changed by an applied pass); null: <see cref="Endpoint"/> or AWS.</summary>
    public EmulatorState? State { get; init; }

    /// <summary>Every service at this AWS-compatible endpoint, with the default credential chain; null (and no <see cref="State"/>): AWS.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Write what drifted; false: report the drift only (no lease, no write, no channel check).</summary>
    public bool Apply { get; init; }

    /// <summary>The membership ledger and write journal in this folder (shared with <c>orgsync local --ledger</c>); null: fresh, in memory.</summary>
    public string? LedgerFolder { get; init; }

    /// <summary>The pass's deadline, from its start: like <c>ReconcileFunction</c>'s longest timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The deadline of one batch of channel checks.</summary>
    public TimeSpan ChannelBatchTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
