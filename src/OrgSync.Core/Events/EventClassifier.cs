using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using OrgSync.Core.Json;

namespace OrgSync.Core.Events;

/// <summary>
/// Turns one message body (an EventBridge envelope, verbatim; SPEC §1) into changes, ignored or
/// invalid. Pure and total: never throws for any input, however hostile.
/// </summary>
/// <remarks>
/// Order of decisions: the body must be a strict JSON object within <see cref="MaxBodyBytes"/>; the
/// envelope must have string <c>source</c>, <c>detail-type</c> and <c>time</c> (an ISO-8601 instant)
/// and an object <c>detail</c>; an AWS organization event must come from the trusted management
/// account when one is configured; then the source decides: the <see cref="LifecycleEvents"/> table,
/// OrgSync's own <see cref="ReconcileAccount"/> request, a custom <see cref="AccountChangeRequest"/>
/// (<see cref="AccountRequests"/>), or ignored. A failed API call, or a condition that does not hold, is
/// ignored before the account id is read (a failed call may carry a malformed id).
/// </remarks>
public static class EventClassifier
{
    /// <summary>
    /// The largest body accepted, in UTF-8 bytes: SQS's classic 256 KiB message size (the contract's
    /// limit). Bodies up to this size must parse; a larger one is invalid before any parsing.
    /// </summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>The <c>detail-type</c> of custom account-vending events.</summary>
    public const string AccountChangeRequest = "Account Change Request";

    /// <summary>The <c>detail-type</c> of CloudTrail management API calls (which carry <c>errorCode</c> when the call failed).</summary>
    public const string ApiCallViaCloudTrail = "AWS API Call via CloudTrail";

    /// <summary>The <c>detail-type</c> of CloudTrail service events (<c>CreateAccountResult</c>, <c>AccountJoinedOrganization</c>, ...).</summary>
    public const string ServiceEventViaCloudTrail = "AWS Service Event via CloudTrail";

    /// <summary>
    /// The envelope <c>source</c> of the requests OrgSync's reconcile pass enqueues (SPEC §6). A constant,
    /// not configurable, so that a targets file cannot make another producer's events mean a reconcile.
    /// </summary>
    public const string ReconcileSource = "orgsync.reconcile";

    /// <summary>The <c>detail-type</c> of a reconcile pass's request to check one account's delivery channels.</summary>
    public const string ReconcileAccount = "Reconcile Account";

    private static readonly ImmutableArray<string> ManagementSources = [LifecycleEvents.Organizations, LifecycleEvents.ControlTower];

    public static Classification Classify(string body, ClassifierOptions options)
    {
        if (body is null)
        {
            return new Classification.Invalid("no body (null)");
        }

        var byteCount = System.Text.Encoding.UTF8.GetByteCount(body);
        if (byteCount > MaxBodyBytes)
        {
            return new Classification.Invalid($"body is {byteCount} bytes, more than the {MaxBodyBytes}-byte maximum");
        }

        if (!StrictJson.TryEncodeUtf8(body, out var utf8, out var encodingError))
        {
            return new Classification.Invalid("body is " + encodingError);
        }

        if (!StrictJson.TryParse(utf8, out var document, out var jsonError))
        {
            return new Classification.Invalid("body is " + jsonError);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new Classification.Invalid($"body is a JSON {StrictJson.TypeName(root.ValueKind)}, not an object (an EventBridge event)");
            }

            return ReadEnvelope(root, utf8, out var envelope) ?? Route(envelope!, options ?? ClassifierOptions.Default);
        }
    }

    /// <summary>The envelope, or the reason the message is invalid.</summary>
    private static Classification.Invalid? ReadEnvelope(JsonElement root, byte[] utf8, out Envelope? envelope)
    {
        envelope = null;
        if (RequiredString(root, "source", out var source) is { } noSource)
        {
            return noSource;
        }

        if (RequiredString(root, "detail-type", out var detailType) is { } noDetailType)
        {
            return noDetailType;
        }

        if (RequiredString(root, "time", out var time) is { } noTime)
        {
            return noTime;
        }

        if (!root.TryGetProperty("detail", out var detail))
        {
            return new("envelope lacks \"detail\"");
        }

        if (detail.ValueKind != JsonValueKind.Object)
        {
            return new($"envelope \"detail\" must be an object, found {Detail.Describe(detail)}");
        }

        if (!IsoInstant.TryParse(time, out var instant, out var timeProblem))
        {
            return new($"envelope \"time\" {StrictJson.Quote(time)} is not an ISO-8601 instant: {timeProblem}");
        }

        envelope = new Envelope(EventIdOf(root, utf8), source, detailType, instant, Detail.StringAt(root, "account"), detail);
        return null;
    }

    private static Classification.Invalid? RequiredString(JsonElement root, string name, out string value)
    {
        value = string.Empty;
        if (!root.TryGetProperty(name, out var member))
        {
            return new($"envelope lacks \"{name}\"");
        }

        if (member.ValueKind != JsonValueKind.String)
        {
            return new($"envelope \"{name}\" must be a string, found {Detail.Describe(member)}");
        }

        value = member.GetString()!;
        return null;
    }

    private static Classification Route(Envelope envelope, ClassifierOptions options)
    {
        if (ManagementSources.Contains(envelope.Source))
        {
            if (options.TrustedManagementAccountId is { } trusted && envelope.Account != trusted)
            {
                var from = envelope.Account is null ? "no account" : "account " + StrictJson.Quote(envelope.Account);
                return new Classification.Invalid(
                    $"{envelope.Source} event from {from}, not the trusted management account {trusted}: never applied");
            }

            return ClassifyLifecycleEvent(envelope);
        }

        if (envelope.Source == ReconcileSource)
        {
            return AccountRequests.ClassifyReconcile(envelope);
        }

        var customSources = options.CustomSources.IsDefault ? [] : options.CustomSources;
        if (customSources.Contains(envelope.Source, StringComparer.Ordinal))
        {
            return AccountRequests.ClassifyAccountChange(envelope);
        }

        return new Classification.Ignored(
            envelope.EventId,
            $"source {StrictJson.Quote(envelope.Source)} (detail-type {StrictJson.Quote(envelope.DetailType)}) is not an account lifecycle source");
    }

    private static Classification ClassifyLifecycleEvent(Envelope envelope)
    {
        var eventName = Detail.StringAt(envelope.Detail, "eventName");
        var what = $"{envelope.Source} {(eventName is null ? "event without detail.eventName" : StrictJson.Printable(eventName))}";
        if (LifecycleEvents.Find(envelope.Source, eventName) is not { } entry)
        {
            return new Classification.Ignored(
                envelope.EventId,
                $"{what} (detail-type {StrictJson.Quote(envelope.DetailType)}) is not an account lifecycle event");
        }

        if (envelope.DetailType == ApiCallViaCloudTrail
            && envelope.Detail.TryGetProperty("errorCode", out var errorCode)
            && errorCode.ValueKind != JsonValueKind.Null)
        {
            return new Classification.Ignored(
                envelope.EventId,
                $"{what}: the API call failed (detail.errorCode {Detail.Describe(errorCode)}), so nothing changed");
        }

        foreach (var condition in entry.Conditions)
        {
            var holds = Detail.TryGet(envelope.Detail, condition.Path, out var actual) && Detail.IsString(actual, condition.Expected);
            if (!holds)
            {
                var found = actual.ValueKind == JsonValueKind.Undefined ? "missing" : Detail.Describe(actual);
                return new Classification.Ignored(
                    envelope.EventId,
                    $"{what}: detail.{condition.Path} is {found}, not \"{condition.Expected}\"");
            }
        }

        var located = entry.AccountId(envelope.Detail);
        if (located.AccountId is not { } accountId)
        {
            return new Classification.Invalid($"{what}: {located.Why}");
        }

        return Changes(envelope, [accountId], entry.Kind);
    }

    /// <summary>The changes one envelope makes, each stamped with its time and id.</summary>
    internal static Classification.Changes Changes(
        Envelope envelope, IEnumerable<string> accountIds, ChangeKind kind, ChangeReach reach = ChangeReach.AllTargets) =>
        new(
            envelope.EventId,
            envelope.Source,
            envelope.DetailType,
            [.. accountIds.Select(id => new AccountChange(id, kind, envelope.Time, envelope.EventId) { Reach = reach })])
        {
            Time = envelope.Time,
        };

    /// <summary>The envelope <c>id</c>; without one, a digest of the exact body, so a redelivery gets the same id.</summary>
    private static string EventIdOf(JsonElement root, byte[] utf8)
    {
        if (root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text)
        {
            return text;
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(utf8), 0, 16);
    }
}
