using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrgSync.Pipeline.Reconcile;

/// <summary>
/// A pass as the SPEC §4 summary JSON: <c>{"targets": [{"target", "missing", "stale", "foreign", "deferred",
/// "blocked": [{"account", "reason"}], "written"}], "apiCalls": {...}}</c>, plus what else a pass knows (when the
/// listing started, members, changes newer events superseded, failures, failing sources, channel checks). Written by hand: member order is fixed.
/// </summary>
public static class ReconcileSummary
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="apiCalls">Calls by <c>service.Operation</c>, when an emulator counted them.</param>
    public static string ToJson(ReconcileOutcome outcome, IReadOnlyDictionary<string, long>? apiCalls = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            Write(writer, outcome, apiCalls);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The summary as one member of an enclosing object (<c>local --reconcile</c> nests it under <c>"reconcile"</c>).</summary>
    public static void Write(Utf8JsonWriter writer, ReconcileOutcome outcome, IReadOnlyDictionary<string, long>? apiCalls = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(outcome);
        writer.WriteStartObject();
        writer.WriteBoolean("applied", outcome.Applied);
        writer.WriteString("listedAt", outcome.ListedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteNumber("members", outcome.Members);
        if (outcome.Failure is { } failure)
        {
            writer.WriteString("failure", failure);
        }

        if (outcome.Skipped is { } skipped)
        {
            writer.WriteString("skipped", skipped);
        }

        writer.WriteStartArray("targets");
        foreach (var target in outcome.Targets)
        {
            writer.WriteStartObject();
            writer.WriteString("target", target.Key);
            Accounts(writer, "missing", target.Drift.Missing);
            Accounts(writer, "stale", target.Drift.Stale);
            Accounts(writer, "foreign", target.Drift.Foreign);
            Accounts(writer, "deferred", target.Drift.Deferred);
            // Not undone: an event the ledger recorded after the listing started is newer than the listing (SPEC §6).
            Accounts(writer, "superseded", target.Drift.Superseded);
            writer.WriteStartArray("blocked");
            foreach (var blocked in target.Blocked)
            {
                writer.WriteStartObject();
                writer.WriteString("account", blocked.AccountId);
                writer.WriteString("reason", $"blocked from {blocked.List}: {blocked.Reason}");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteBoolean("written", target.Written);
            if (target.Failure is { } reason)
            {
                writer.WriteString("failure", reason);
            }

            if (!target.FailedSources.IsEmpty)
            {
                writer.WriteStartArray("failedSources");
                foreach (var source in target.FailedSources)
                {
                    writer.WriteStringValue(source.ToString());
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("channelChecks", outcome.ChannelChecks);
        if (outcome.ChannelChecksFailure is { } channels)
        {
            writer.WriteString("channelChecksFailure", channels);
        }

        if (!outcome.FailedChannelChecks.IsDefaultOrEmpty)
        {
            writer.WriteStartArray("failedChannelChecks");
            foreach (var check in outcome.FailedChannelChecks)
            {
                writer.WriteStartObject();
                writer.WriteString("account", check.AccountId);
                writer.WriteString("reason", check.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (apiCalls is not null)
        {
            writer.WriteStartObject("apiCalls");
            foreach (var (call, count) in apiCalls.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WriteNumber(call, count);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void Accounts(Utf8JsonWriter writer, string name, IEnumerable<string> accounts)
    {
        writer.WriteStartArray(name);
        foreach (var account in accounts)
        {
            writer.WriteStringValue(account);
        }

        writer.WriteEndArray();
    }
}
