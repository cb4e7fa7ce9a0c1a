using System.Collections.Immutable;

namespace OrgSync.Aws.Events;

/// <summary>
/// A <c>PutEvents</c> call, entry by entry: each request entry paired with its result (EventBridge
/// answers them in the request's order). The call itself succeeded; entries may still have failed,
/// and only those need sending again.
/// </summary>
public sealed record PutEventsOutcome(ImmutableArray<PutEventsEntryOutcome> Entries)
{
    public bool AllSucceeded => Entries.All(e => e.Succeeded);

    public ImmutableArray<PutEventsEntryOutcome> Failed => [.. Entries.Where(e => !e.Succeeded)];
}
