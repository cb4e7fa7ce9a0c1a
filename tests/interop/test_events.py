"""EventBridge PutEvents and DescribeEventBus through boto3: per-entry results, buses, limits, and the publishedEvents / droppedEvents logs."""
import datetime
import json
import os
import sys
import unittest

from botocore.exceptions import ClientError

# The harness sits beside these modules; found however unittest is started (discover, a module name, a file).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Emulator  # noqa: E402

HOME, MEMBER = "111111111111", "222222222222"
STATE = {
    "accountId": HOME,
    "eventBuses": [{"accountId": HOME, "region": "us-east-1", "Name": "orgsync"}],
    "publishedEvents": [{"accountId": HOME, "region": "us-east-1", "EventBusName": "default", "Source": "earlier",
                         "DetailType": "Kept", "Detail": "{}", "Time": 1767225600, "EventId": "from-the-file", "x-note": "kept"}],
}


def entry(**overrides):
    value = {"Source": "orgsync", "DetailType": "Account Sync Completed", "Detail": json.dumps({"accountId": MEMBER})}
    value.update(overrides)
    return {k: v for k, v in value.items() if v is not None}


class PutEventsTests(unittest.TestCase):
    def test_entries_succeed_or_fail_one_by_one_and_are_logged_in_order(self):
        with Emulator(STATE) as emulator:
            events = emulator.client("events")
            response = events.put_events(Entries=[
                entry(),
                entry(EventBusName="orgsync", Resources=["arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/222222222222"],
                      Time=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)),
                entry(EventBusName=f"arn:aws:events:us-east-1:{HOME}:event-bus/orgsync", DetailType="Account Sync Failed"),
                entry(Detail="{not json"),
                entry(Detail="[1, 2]"),
                entry(Detail=None),
                entry(Source=None),
                entry(DetailType=""),
                entry(EventBusName="missing-bus"),
            ])
            self.assertEqual(5, response["FailedEntryCount"])
            results = response["Entries"]
            self.assertTrue(all("EventId" in r for r in results[:3]))
            self.assertEqual([("MalformedDetail", "Detail is malformed.")] * 2, [(r["ErrorCode"], r["ErrorMessage"]) for r in results[3:5]])
            self.assertEqual("Parameter Detail is not valid. Reason: Detail is a required argument.", results[5]["ErrorMessage"])
            self.assertEqual(["InvalidArgument"] * 3, [r["ErrorCode"] for r in results[5:8]])
            self.assertIn("Source is a required argument", results[6]["ErrorMessage"])
            self.assertIn("DetailType is a required argument", results[7]["ErrorMessage"])
            # As AWS does (aws/aws-cli#9186): an entry for a bus that does not exist is accepted, then dropped.
            self.assertNotIn("ErrorCode", results[8])
            self.assertIn("EventId", results[8])

            state = emulator.state_out()
            self.assertEqual([(results[8]["EventId"], "missing-bus")], [(e["EventId"], e["EventBusName"]) for e in state["droppedEvents"]])
            log = state["publishedEvents"]
            self.assertEqual("kept", log[0]["x-note"])
            self.assertEqual([r["EventId"] for r in results[:3]], [e["EventId"] for e in log[1:]])
            self.assertEqual(["default", "orgsync", "orgsync"], [e["EventBusName"] for e in log[1:]])
            self.assertEqual(1767225600, log[2]["Time"])
            self.assertEqual(["arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/222222222222"], log[2]["Resources"])
            self.assertEqual({"accountId": MEMBER}, json.loads(log[1]["Detail"]))
            self.assertEqual((HOME, "us-east-1", "orgsync", "Account Sync Completed"), (log[1]["accountId"], log[1]["region"], log[1]["Source"], log[1]["DetailType"]))

    def test_buses_belong_to_their_account_and_region(self):
        with Emulator(STATE) as emulator:
            member = emulator.client("events", credentials=emulator.assume(MEMBER))
            self.assertEqual(0, member.put_events(Entries=[entry(EventBusName="orgsync")])["FailedEntryCount"])
            self.assertEqual(0, member.put_events(Entries=[entry()])["FailedEntryCount"])
            west = emulator.client("events", "eu-west-1")
            self.assertEqual(0, west.put_events(Entries=[entry(EventBusName="orgsync")])["FailedEntryCount"])
            state = emulator.state_out()
            log = state["publishedEvents"]
            self.assertEqual(2, len(log))
            self.assertEqual((MEMBER, "us-east-1", "default"), (log[-1]["accountId"], log[-1]["region"], log[-1]["EventBusName"]))
            self.assertEqual([(MEMBER, "us-east-1", "orgsync"), (HOME, "eu-west-1", "orgsync")],
                             [(e["accountId"], e["region"], e["EventBusName"]) for e in state["droppedEvents"]])

    def test_request_limits_fail_the_whole_call(self):
        with Emulator(STATE) as emulator:
            events = emulator.client("events")
            for entries, message in (
                ([entry()] * 11, "Member must have length less than or equal to 10"),
                ([entry(Detail=json.dumps({"pad": "x" * 140_000}))] * 2, "Total size of the entries in the request is over the limit."),
            ):
                with self.assertRaises(ClientError) as raised:
                    events.put_events(Entries=entries)
                self.assertEqual("ValidationException", raised.exception.response["Error"]["Code"])
                self.assertIn(message, raised.exception.response["Error"]["Message"])
            self.assertEqual(1, len(emulator.state_out()["publishedEvents"]))


class DescribeEventBusTests(unittest.TestCase):
    def test_the_default_bus_and_the_state_buses_exist_and_others_are_not_found(self):
        with Emulator(STATE) as emulator:
            events = emulator.client("events")
            default = events.describe_event_bus()
            self.assertEqual(("default", f"arn:aws:events:us-east-1:{HOME}:event-bus/default"), (default["Name"], default["Arn"]))
            for name in ("orgsync", f"arn:aws:events:us-east-1:{HOME}:event-bus/orgsync"):
                bus = events.describe_event_bus(Name=name)
                self.assertEqual(("orgsync", f"arn:aws:events:us-east-1:{HOME}:event-bus/orgsync"), (bus["Name"], bus["Arn"]))

            for client, name in ((events, "missing-bus"), (emulator.client("events", "eu-west-1"), "orgsync")):
                with self.assertRaises(client.exceptions.ResourceNotFoundException) as raised:
                    client.describe_event_bus(Name=name)
                self.assertEqual(400, raised.exception.response["ResponseMetadata"]["HTTPStatusCode"])
                self.assertEqual(f"Event bus {name} does not exist.", raised.exception.response["Error"]["Message"])


if __name__ == "__main__":
    unittest.main()
