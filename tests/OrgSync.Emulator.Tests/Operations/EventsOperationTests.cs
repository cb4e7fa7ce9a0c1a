using OrgSync.Tests.Shared;
using System.Text.Json.Nodes;
using OrgSync.Emulator.Events;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Operations;

public sealed class EventsOperationTests
{
    private const string State = """
        {
          "accountId": "111111111111",
          "eventBuses": [ { "region": "us-east-1", "Name": "orgsync", "x-note": "kept" },
                          { "accountId": "222222222222", "region": "eu-west-1", "Name": "member-bus" } ],
          "publishedEvents": [ { "accountId": "111111111111", "region": "us-east-1", "EventBusName": "default", "Source": "earlier",
                                 "DetailType": "Kept", "Detail": "{}", "Time": 1767225600, "EventId": "from-the-file", "x-note": "kept" } ]
        }
        """;

    private static JsonObject Entry(string? bus = null, string? detail = """{"accountId":"222222222222"}""", string? source = "orgsync", string? detailType = "Account Sync Completed")
    {
        var entry = new JsonObject();
        if (source is not null)
        {
            entry["Source"] = source;
        }

        if (detailType is not null)
        {
            entry["DetailType"] = detailType;
        }

        if (detail is not null)
        {
            entry["Detail"] = detail;
        }

        if (bus is not null)
        {
            entry["EventBusName"] = bus;
        }

        return entry;
    }

    private static JsonObject Request(params JsonObject[] entries) => new() { ["Entries"] = new JsonArray(entries.Cast<JsonNode>().ToArray()) };

    private static JsonArray Published(AwsEmulator emulator) => emulator.State.ExportNode()["publishedEvents"]!.AsArray();

    private static JsonArray Dropped(AwsEmulator emulator) => emulator.State.ExportNode()["droppedEvents"]?.AsArray() ?? [];

    public static TheoryData<string> MissingBuses => new()
    {
        "missing",
        "arn:aws:events:us-east-1:111111111111:event-bus/missing",
        "member-bus", // another account's bus, by name
        "arn:aws:events:us-west-2:111111111111:event-bus/orgsync", // the bus, in another Region
    };

    [Theory]
    [MemberData(nameof(MissingBuses))]
    public async Task An_entry_for_a_bus_that_does_not_exist_is_accepted_and_dropped_as_AWS_does(string bus)
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);
        var result = (await home.Events("PutEvents", Request(Entry(), Entry(bus: bus), Entry(bus: "orgsync")))).ShouldSucceed().Json;

        // aws/aws-cli#9186: FailedEntryCount 0 and an EventId, yet nothing is delivered.
        Assert.Equal(0, result["FailedEntryCount"]!.GetValue<int>());
        var ids = result["Entries"]!.AsArray().Select(e => e!["EventId"]!.GetValue<string>()).ToList();
        Assert.All(result["Entries"]!.AsArray(), e => Assert.False(e!.AsObject().ContainsKey("ErrorCode")));
        Assert.Equal(["from-the-file", ids[0], ids[2]], Published(emulator).Select(e => e!["EventId"]!.GetValue<string>()));
        var dropped = Assert.Single(Dropped(emulator))!;
        Assert.Equal(ids[1], dropped["EventId"]!.GetValue<string>());
        Assert.Equal(EventsHandler.ResolveBus(bus, TestState.Home, "us-east-1").Name, dropped["EventBusName"]!.GetValue<string>());
    }

    [Fact]
    public async Task DescribeEventBus_answers_the_default_bus_and_the_buses_of_the_state_by_name_or_arn()
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);

        var byDefault = (await home.Events("DescribeEventBus", "{}")).ShouldSucceed().Json;
        Assert.Equal(("default", "arn:aws:events:us-east-1:111111111111:event-bus/default"), (byDefault["Name"]!.GetValue<string>(), byDefault["Arn"]!.GetValue<string>()));
        var byName = (await home.Events("DescribeEventBus", """{"Name":"orgsync"}""")).ShouldSucceed().Json;
        Assert.Equal(("orgsync", "arn:aws:events:us-east-1:111111111111:event-bus/orgsync"), (byName["Name"]!.GetValue<string>(), byName["Arn"]!.GetValue<string>()));
        var byArn = (await home.Events("DescribeEventBus", """{"Name":"arn:aws:events:us-east-1:111111111111:event-bus/orgsync"}""")).ShouldSucceed().Json;
        Assert.Equal("orgsync", byArn["Name"]!.GetValue<string>());

        foreach (var (name, shown) in new[] { ("missing", "missing"), ("member-bus", "member-bus"), ("arn:aws:events:us-west-2:111111111111:event-bus/orgsync", "orgsync") })
        {
            var missing = await home.Events("DescribeEventBus", new JsonObject { ["Name"] = name });
            missing.ShouldFail(400, "ResourceNotFoundException");
            Assert.Equal($"Event bus {shown} does not exist.", missing.ErrorMessage);
        }

        (await home.Events("DescribeEventBus", """{"Name":"no spaces"}""")).ShouldFail(400, "ValidationException");
        Assert.Equal(7, emulator.CallCount("events.DescribeEventBus"));
        Assert.Single(Published(emulator));
    }

    public static TheoryData<JsonObject, string, string> FailedEntries => new()
    {
        { Entry(source: null), "InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument." },
        { Entry(source: ""), "InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument." },
        { Entry(detailType: null), "InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument." },
        { Entry(detail: null), "InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument." },
        { Entry(detail: ""), "InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument." },
        { Entry(detail: "{\"a\":"), "MalformedDetail", "Detail is malformed." },
        { Entry(detail: "[1,2]"), "MalformedDetail", "Detail is malformed." },
        { Entry(detail: "\"text\""), "MalformedDetail", "Detail is malformed." },
        { Entry(detail: "42"), "MalformedDetail", "Detail is malformed." },
        { Entry(bus: "missing", detail: "[]"), "MalformedDetail", "Detail is malformed." }, // the entry is judged before its bus
    };

    [Theory]
    [MemberData(nameof(FailedEntries))]
    public async Task An_entry_fails_alone_with_EventBridge_per_entry_error(JsonObject bad, string code, string message)
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);
        var result = (await home.Events("PutEvents", Request(Entry(), bad, Entry(bus: "orgsync")))).ShouldSucceed().Json;
        Assert.Equal(1, result["FailedEntryCount"]!.GetValue<int>());
        var entries = result["Entries"]!.AsArray();
        Assert.Equal(3, entries.Count);
        Assert.Equal(code, entries[1]!["ErrorCode"]!.GetValue<string>());
        Assert.Equal(message, entries[1]!["ErrorMessage"]!.GetValue<string>());
        Assert.False(entries[1]!.AsObject().ContainsKey("EventId"));
        Assert.Equal(
            ["from-the-file", entries[0]!["EventId"]!.GetValue<string>(), entries[2]!["EventId"]!.GetValue<string>()],
            Published(emulator).Select(e => e!["EventId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Accepted_entries_are_logged_with_their_bus_time_and_resources()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await TestState.StartAsync(new() { TimeProvider = clock }, State);
        using var home = SignedClient.Home(emulator);
        var timed = Entry(bus: "arn:aws:events:us-east-1:111111111111:event-bus/orgsync");
        timed["Time"] = 1767225600;
        timed["Resources"] = new JsonArray("arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/222222222222");
        var result = (await home.Events("PutEvents", Request(Entry(), timed))).ShouldSucceed();
        Assert.Equal("application/x-amz-json-1.1", result.Response.Content.Headers.ContentType!.MediaType);
        var ids = result.Json["Entries"]!.AsArray().Select(e => e!["EventId"]!.GetValue<string>()).ToList();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", id));
        Assert.Equal(0, result.Json["FailedEntryCount"]!.GetValue<int>());

        var log = Published(emulator);
        Assert.Equal("kept", log[0]!["x-note"]!.GetValue<string>());
        var first = log[1]!.AsObject();
        Assert.Equal(
            ["accountId", "region", "EventBusName", "Source", "DetailType", "Detail", "Time", "EventId"],
            first.Select(p => p.Key));
        Assert.Equal("default", first["EventBusName"]!.GetValue<string>());
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), first["Time"]!.GetValue<long>());
        Assert.Equal("""{"accountId":"222222222222"}""", first["Detail"]!.GetValue<string>());
        var second = log[2]!.AsObject();
        Assert.Equal("orgsync", second["EventBusName"]!.GetValue<string>());
        Assert.Equal(1767225600, second["Time"]!.GetValue<long>());
        Assert.Single(second["Resources"]!.AsArray());
        Assert.Equal(ids, log.Skip(1).Select(e => e!["EventId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_bus_is_found_in_its_own_account_and_region_by_name_or_arn()
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);
        using var member = await home.AssumeRoleAsync($"arn:aws:iam::{TestState.Member}:role/OrgSyncMemberRole");
        using var memberEu = member.WithRegion("eu-west-1");
        var result = (await memberEu.Events("PutEvents", Request(Entry(bus: "member-bus"), Entry(bus: "orgsync"), Entry()))).ShouldSucceed().Json;
        Assert.Equal(0, result["FailedEntryCount"]!.GetValue<int>());
        var log = Published(emulator);
        Assert.Equal(["222222222222 eu-west-1 member-bus", "222222222222 eu-west-1 default"],
            log.Skip(1).Select(e => $"{e!["accountId"]} {e["region"]} {e["EventBusName"]}"));
        Assert.Equal(["222222222222 eu-west-1 orgsync"], Dropped(emulator).Select(e => $"{e!["accountId"]} {e["region"]} {e["EventBusName"]}"));
    }

    [Fact]
    public async Task The_request_may_carry_1_to_10_entries_and_256_KiB_of_entries()
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);
        var eleven = await home.Events("PutEvents", Request(Enumerable.Range(0, 11).Select(_ => Entry()).ToArray()));
        eleven.ShouldFail(400, "ValidationException");
        Assert.Contains("at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10", eleven.ErrorMessage);
        (await home.Events("PutEvents", """{"Entries":[]}""")).ShouldFail(400, "ValidationException");
        (await home.Events("PutEvents", "{}")).ShouldFail(400, "ValidationException");

        // Size as the user guide counts it: Time is 14 bytes, then Source, DetailType, Detail and resources in UTF-8.
        var fixedPart = 14 + "orgsync".Length + "Account Sync Completed".Length + "r".Length + """{"p":""}""".Length;
        JsonObject Sized(int total)
        {
            var entry = Entry(detail: $$"""{"p":"{{new string('é', (total - fixedPart) / 2)}}{{new string('x', (total - fixedPart) % 2)}}"}""");
            entry["Time"] = 1767225600;
            entry["Resources"] = new JsonArray("r");
            return entry;
        }

        (await home.Events("PutEvents", Request(Sized(EventsHandler.MaxRequestEntriesBytes)))).ShouldSucceed();
        var over = await home.Events("PutEvents", Request(Sized(EventsHandler.MaxRequestEntriesBytes / 2), Sized((EventsHandler.MaxRequestEntriesBytes / 2) + 1)));
        over.ShouldFail(400, "ValidationException");
        Assert.Equal("Total size of the entries in the request is over the limit.", over.ErrorMessage);
        Assert.Equal(2, Published(emulator).Count);
    }

    [Fact]
    public async Task Events_speaks_awsJson1_1_and_only_PutEvents_and_DescribeEventBus()
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);
        var wrongType = await home.SendAsync("events", HttpMethod.Post, "/", null, Request(Entry()).ToJsonString(), "application/x-amz-json-1.0", new() { ["X-Amz-Target"] = "AWSEvents.PutEvents" });
        wrongType.ShouldFail(400, "UnknownOperationException");
        Assert.Contains("application/x-amz-json-1.1", wrongType.ErrorMessage);
        var other = await home.Events("ListRules", "{}");
        other.ShouldFail(400, "UnknownOperationException");
        Assert.Contains("emulated operations: DescribeEventBus, PutEvents.", other.ErrorMessage);
        (await home.Events("PutEvents", """{"Entries":[{"Source":"s","DetailType":"d","Detail":"{}","Bogus":1}]}""")).ShouldFail(400, "ValidationException");
        (await home.Events("PutEvents", """{"Entries":"nope"}""")).ShouldFail(400, "SerializationException");
        Assert.Equal(3, emulator.CallCount("events.PutEvents"));
    }

    [Fact]
    public async Task A_lost_response_logs_the_events_and_answers_a_5xx()
    {
        await using var emulator = await TestState.StartAsync(new EmulatorOptions { Faults = new FaultSettings(0, 0, 1) }, State);
        using var home = SignedClient.Home(emulator);
        (await home.Events("PutEvents", Request(Entry(), Entry(detail: "bad")))).ShouldFail(500, "InternalFailure");
        var log = Published(emulator);
        Assert.Equal(2, log.Count); // the one accepted entry is in, though the caller saw an error
    }
}
