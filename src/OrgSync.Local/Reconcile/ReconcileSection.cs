using System.Collections.Immutable;
using System.Text.Json.Serialization;
using OrgSync.Pipeline.Reconcile;

namespace OrgSync.Local.Reconcile;

/// <summary>
/// The <c>"reconcile"</c> member of <c>orgsync local</c>'s summary: the pass in <c>orgsync reconcile</c>'s summary
/// shape (<see cref="ReconcileSummary"/>), with the API calls the pass and its channel checks made.
/// </summary>
[JsonConverter(typeof(ReconcileSectionJsonConverter))]
public sealed record ReconcileSection(ReconcileOutcome Outcome, ImmutableSortedDictionary<string, long> ApiCalls);
