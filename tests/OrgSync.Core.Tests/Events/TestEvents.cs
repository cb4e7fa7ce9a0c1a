using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrgSync.Core.Events;

namespace OrgSync.Core.Tests.Events;

/// <summary>Builders for EventBridge envelopes shaped like the real ones (CloudTrail detail), and ways to deliver them.</summary>
internal static class TestEvents
{
    public const string Management = "111111111111";
    public const string Time = "2026-11-01T09:00:00Z";
    public const string Id = "6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f";

    public static readonly ClassifierOptions Options = new(["acme.vending"], Management);

    public static JsonObject Envelope(string source, string detailType, JsonObject detail, string time = Time, string? id = Id, string? account = Management)
    {
        var envelope = new JsonObject { ["version"] = "0" };
        if (id is not null)
        {
            envelope["id"] = id;
        }

        envelope["detail-type"] = detailType;
        envelope["source"] = source;
        if (account is not null)
        {
            envelope["account"] = account;
        }

        envelope["time"] = time;
        envelope["region"] = "us-east-1";
        envelope["resources"] = new JsonArray();
        envelope["detail"] = detail;
        return envelope;
    }

    /// <summary>A Control Tower lifecycle event (a CloudTrail service event).</summary>
    public static JsonObject ControlTower(string eventName, string state, JsonNode? accountId)
    {
        var statusMember = char.ToLowerInvariant(eventName[0]) + eventName[1..] + "Status";
        return Envelope("aws.controltower", "AWS Service Event via CloudTrail", ServiceEvent("controltower.amazonaws.com", eventName, new JsonObject
        {
            [statusMember] = new JsonObject
            {
                ["organizationalUnit"] = new JsonObject { ["organizationalUnitName"] = "Workloads", ["organizationalUnitId"] = "ou-ab12-cd34ef56" },
                ["account"] = new JsonObject { ["accountName"] = "payments-prod", ["accountId"] = accountId },
                ["state"] = state,
                ["message"] = "AWS Control Tower lifecycle event.",
                ["requestedTimestamp"] = "2026-11-01T08:31:12+0000",
                ["completedTimestamp"] = "2026-11-01T08:59:47+0000",
            },
        }));
    }

    public static JsonObject CreateAccountResult(string state, JsonNode? accountId) =>
        Envelope("aws.organizations", "AWS Service Event via CloudTrail", ServiceEvent("organizations.amazonaws.com", "CreateAccountResult", new JsonObject
        {
            ["createAccountStatus"] = new JsonObject
            {
                ["id"] = "car-4f2c1d7e9a8b4c3d5e6f7a8b9c0d1e2f",
                ["state"] = state,
                ["accountName"] = "****",
                ["accountId"] = accountId,
                ["requestedTimestamp"] = "Nov 1, 2026 9:18:21 AM",
                ["completedTimestamp"] = "Nov 1, 2026 9:19:54 AM",
            },
        }));

    public static JsonObject CloseAccountResult(string state, JsonNode? accountId) =>
        Envelope("aws.organizations", "AWS Service Event via CloudTrail", ServiceEvent("organizations.amazonaws.com", "CloseAccountResult", new JsonObject
        {
            ["closeAccountStatus"] = new JsonObject
            {
                ["accountId"] = accountId,
                ["state"] = state,
                ["requestedTimestamp"] = "Nov 1, 2026 10:00:00 AM",
                ["completedTimestamp"] = "Nov 1, 2026 10:09:41 AM",
            },
        }));

    /// <summary>A CloudTrail API call on Organizations, optionally failed (<c>errorCode</c>).</summary>
    public static JsonObject ApiCall(string eventName, JsonNode? requestParameters, JsonNode? responseElements = null, string? errorCode = null)
    {
        var detail = new JsonObject
        {
            ["eventVersion"] = "1.08",
            ["userIdentity"] = new JsonObject
            {
                ["type"] = "AssumedRole",
                ["arn"] = "arn:aws:sts::111111111111:assumed-role/OrganizationAdmin/platform-admin",
                ["accountId"] = Management,
            },
            ["eventTime"] = Time,
            ["eventSource"] = "organizations.amazonaws.com",
            ["eventName"] = eventName,
            ["awsRegion"] = "us-east-1",
            ["sourceIPAddress"] = "198.51.100.7",
            ["userAgent"] = "aws-cli/2.22.4",
        };
        if (errorCode is not null)
        {
            detail["errorCode"] = errorCode;
            detail["errorMessage"] = "The request failed.";
        }

        detail["requestParameters"] = requestParameters;
        detail["responseElements"] = responseElements;
        detail["requestID"] = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b06";
        detail["eventID"] = "b2a4d7e1-3c5f-4a8b-9d0e-1f2a3b4c5d06";
        detail["readOnly"] = false;
        detail["eventType"] = "AwsApiCall";
        detail["managementEvent"] = true;
        detail["recipientAccountId"] = Management;
        detail["eventCategory"] = "Management";
        return Envelope("aws.organizations", "AWS API Call via CloudTrail", detail);
    }

    public static JsonObject AccountIdParameter(JsonNode? accountId) => new() { ["accountId"] = accountId };

    public static JsonObject Handshake(string state, string action, params (string Type, JsonNode? Id)[] parties) =>
        ApiCall("AcceptHandshake", new JsonObject { ["handshakeId"] = "h-7c3e9f1a2b4d6e8f" }, new JsonObject
        {
            ["handshake"] = new JsonObject
            {
                ["id"] = "h-7c3e9f1a2b4d6e8f",
                ["arn"] = "arn:aws:organizations::111111111111:handshake/o-a1b2c3d4e5/invite/h-7c3e9f1a2b4d6e8f",
                ["parties"] = new JsonArray([.. parties.Select(p => (JsonNode)new JsonObject { ["id"] = p.Id, ["type"] = p.Type })]),
                ["state"] = state,
                ["requestedTimestamp"] = "Oct 30, 2026 2:05:11 PM",
                ["expirationTimestamp"] = "Nov 14, 2026 2:05:11 PM",
                ["action"] = action,
                ["resources"] = new JsonArray(),
            },
        });

    public static JsonObject Custom(JsonNode? action, JsonNode? accountIds, string source = "acme.vending", string detailType = "Account Change Request")
    {
        var detail = new JsonObject();
        if (action is not null)
        {
            detail["action"] = action;
        }

        if (accountIds is not null)
        {
            detail["accountIds"] = accountIds;
        }

        detail["requestedBy"] = "account-vending-pipeline";
        return Envelope(source, detailType, detail);
    }

    /// <summary>
    /// An Organizations membership service event (<c>AccountJoinedOrganization</c>, <c>AccountDepartedOrganization</c>).
    /// AWS publishes no full example: the account id sits where <paramref name="serviceEventDetails"/>,
    /// <paramref name="requestParameters"/> and <paramref name="responseElements"/> put it.
    /// </summary>
    public static JsonObject MembershipEvent(
        string eventName,
        JsonObject? serviceEventDetails,
        JsonObject? requestParameters = null,
        JsonObject? responseElements = null,
        string detailType = EventClassifier.ServiceEventViaCloudTrail)
    {
        var detail = ServiceEvent("organizations.amazonaws.com", eventName, serviceEventDetails ?? new JsonObject());
        if (serviceEventDetails is null)
        {
            detail.Remove("serviceEventDetails");
        }

        detail["requestParameters"] = requestParameters;
        detail["responseElements"] = responseElements;
        return Envelope("aws.organizations", detailType, detail);
    }

    public static JsonObject Joined(JsonNode? accountId, string joinedMethod = "CREATED") =>
        MembershipEvent("AccountJoinedOrganization", new JsonObject
        {
            ["accountId"] = accountId,
            ["organizationId"] = "o-a1b2c3d4e5",
            ["joinedMethod"] = joinedMethod,
        });

    public static JsonObject Departed(JsonNode? accountId, JsonNode? departureMethod) =>
        MembershipEvent("AccountDepartedOrganization", new JsonObject
        {
            ["accountId"] = accountId,
            ["organizationId"] = "o-a1b2c3d4e5",
            ["departureMethod"] = departureMethod,
        });

    /// <summary>A <c>MoveAccount</c> API call, optionally failed.</summary>
    public static JsonObject MoveAccount(JsonNode? accountId, string? errorCode = null) =>
        ApiCall(
            "MoveAccount",
            new JsonObject { ["accountId"] = accountId, ["sourceParentId"] = "ou-ab12-11111111", ["destinationParentId"] = "ou-ab12-22222222" },
            errorCode: errorCode);

    /// <summary>What the reconcile pass enqueues to have one account's delivery channels checked.</summary>
    public static JsonObject Reconcile(JsonNode? accountId, string detailType = EventClassifier.ReconcileAccount)
    {
        var detail = new JsonObject { ["passId"] = "reconcile-2026-11-01T06:00:00Z" };
        if (accountId is not null)
        {
            detail["accountId"] = accountId;
        }

        return Envelope(EventClassifier.ReconcileSource, detailType, detail, account: "222222222222");
    }

    public static JsonArray Ids(params string[] ids) => new([.. ids.Select(i => (JsonNode?)JsonValue.Create(i))]);

    public static JsonObject With(this JsonObject envelope, Action<JsonObject> change)
    {
        var copy = (JsonObject)envelope.DeepClone();
        change(copy);
        return copy;
    }

    public static string Text(this JsonNode node) => node.ToJsonString();

    /// <summary>
    /// Classifies <paramref name="envelope"/> as Lambda receives it from an EventBridge rule (the envelope
    /// itself) and as the body of an SQS record (the envelope as a JSON string inside the SQS event),
    /// asserts both give the same result, and returns it.
    /// </summary>
    public static Classification ClassifyBothWays(string envelope, ClassifierOptions options)
    {
        var direct = EventClassifier.Classify(envelope, options);
        var viaSqs = EventClassifier.Classify(SqsBody(envelope), options);
        Assert.Equal(Render(direct), Render(viaSqs));
        return direct;
    }

    /// <summary>The envelope wrapped into an SQS event as Lambda's event source mapping delivers it, then read back out.</summary>
    public static string SqsBody(string envelope)
    {
        var sqsEvent = new JsonObject
        {
            ["Records"] = new JsonArray(new JsonObject
            {
                ["messageId"] = "059f36b4-87a3-44ab-83d2-661975830a7d",
                ["receiptHandle"] = "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
                ["body"] = envelope,
                ["attributes"] = new JsonObject
                {
                    ["ApproximateReceiveCount"] = "1",
                    ["SentTimestamp"] = "1793523600000",
                    ["SenderId"] = "AIDAIENQZJOLO23YVJ4VO",
                    ["ApproximateFirstReceiveTimestamp"] = "1793523600001",
                },
                ["messageAttributes"] = new JsonObject(),
                ["md5OfBody"] = "e4e68fb7bd0e697a0ae8f1bb342846b3",
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = "arn:aws:sqs:us-east-1:111111111111:orgsync-events",
                ["awsRegion"] = "us-east-1",
            }),
        };
        using var parsed = JsonDocument.Parse(sqsEvent.ToJsonString());
        return parsed.RootElement.GetProperty("Records")[0].GetProperty("body").GetString()!;
    }

    /// <summary>A canonical text for a classification (records holding arrays do not compare by value).</summary>
    public static string Render(Classification classification) => classification switch
    {
        Classification.Changes c => $"changes id={c.EventId} source={c.Source} detail-type={c.DetailType} time={c.Time.UtcDateTime:O} " +
            $"requestId={c.RequestId ?? "null"} taskToken={c.TaskToken?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"} [" +
            string.Join(", ", c.Items.Select(i => $"{i.Kind} {i.AccountId} at {i.Time.UtcDateTime:O} ({i.EventId}, {i.Reach})")) + "]",
        Classification.Ignored i => $"ignored id={i.EventId}: {i.Reason}",
        Classification.Invalid i => $"invalid: {i.Reason}",
        _ => "unknown " + classification.GetType().Name,
    };

    public static ImmutableArray<AccountChange> AssertChanges(Classification classification)
    {
        var changes = Assert.IsType<Classification.Changes>(classification);
        return changes.Items;
    }

    private static JsonObject ServiceEvent(string eventSource, string eventName, JsonObject serviceEventDetails) => new()
    {
        ["eventVersion"] = "1.08",
        ["userIdentity"] = new JsonObject { ["accountId"] = Management, ["invokedBy"] = "AWS Internal" },
        ["eventTime"] = Time,
        ["eventSource"] = eventSource,
        ["eventName"] = eventName,
        ["awsRegion"] = "us-east-1",
        ["sourceIPAddress"] = "AWS Internal",
        ["userAgent"] = "AWS Internal",
        ["requestParameters"] = null,
        ["responseElements"] = null,
        ["eventID"] = "b2a4d7e1-3c5f-4a8b-9d0e-1f2a3b4c5d01",
        ["readOnly"] = false,
        ["eventType"] = "AwsServiceEvent",
        ["managementEvent"] = true,
        ["recipientAccountId"] = Management,
        ["serviceEventDetails"] = serviceEventDetails,
        ["eventCategory"] = "Management",
    };
}
