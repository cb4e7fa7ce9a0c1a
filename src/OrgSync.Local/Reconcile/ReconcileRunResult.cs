using System.Collections.Immutable;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Reconcile;

namespace OrgSync.Local.Reconcile;

/// <summary>What an <c>orgsync reconcile</c> run did.</summary>
/// <param name="Outcome">The pass, with the channel checks that failed (run inline) in its <c>FailedChannelChecks</c>.</param>
/// <param name="StateAfter">The emulator's final state (state-file format), when the emulator was used: what <c>--out</c> writes.</param>
/// <param name="ApiCalls">Calls the emulator received, by <c>service.Operation</c>, when the emulator was used.</param>
/// <param name="ChannelChecks">The channel checks run inline, one outcome per request (applied passes only).</param>
public sealed record ReconcileRunResult(
    ReconcileOutcome Outcome,
    string? StateAfter,
    ImmutableSortedDictionary<string, long>? ApiCalls,
    ImmutableArray<MessageOutcome> ChannelChecks,
    TimeSpan Elapsed);
