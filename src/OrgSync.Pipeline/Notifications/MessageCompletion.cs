using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Notifications;

namespace OrgSync.Pipeline.Notifications;

/// <summary>Where each account of one input stands on every target it concerns, after this delivery (SPEC §7).</summary>
/// <param name="Message">The input's index in the batch.</param>
/// <param name="Changes">The input's classification: its envelope id, request id and task token.</param>
/// <param name="Notices">One per account of the input, in the input's order.</param>
public sealed record MessageCompletion(int Message, Classification.Changes Changes, ImmutableArray<AccountSyncNotice> Notices);
