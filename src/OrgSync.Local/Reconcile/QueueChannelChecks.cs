using System.Text.Json;
using OrgSync.Core.Reconcile;
using OrgSync.Local.Queue;

namespace OrgSync.Local.Reconcile;

/// <summary>
/// <c>orgsync local --reconcile</c>'s channel checks: each <c>Reconcile Account</c> request is sent onto the local
/// queue, as the scheduled pass sends it onto the OrgSync queue, and the consumers take it like any other message.
/// </summary>
internal sealed class QueueChannelChecks(LocalQueue queue) : IChannelChecks
{
    /// <summary>The input name of a check: where it came from and which account it is for.</summary>
    public const string NamePrefix = "reconcile/channel-check/";

    /// <remarks>The local queue takes a request at once, so the deadline stops nothing here.</remarks>
    public Task<int> SendAsync(IReadOnlyList<string> requests, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var body in requests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            queue.Send(NamePrefix + AccountOf(body), body);
        }

        return Task.FromResult(requests.Count);
    }

    private static string AccountOf(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("detail").GetProperty("accountId").GetString() ?? "?";
    }
}
