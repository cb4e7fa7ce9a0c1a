"""AWS Config through boto3: aggregators, delivery channels and recorders, their paginator and modeled errors."""

from __future__ import annotations

import datetime
import re
import unittest

import botocore.config
import botocore.exceptions

import states
from harness import Emulator

ALL_REGIONS = [{"AccountIds": [states.MEMBER], "AllAwsRegions": True}]


class AggregatorTest(unittest.TestCase):
    def setUp(self):
        self.aws = self.enterContext(Emulator(states.sample()))
        self.config = self.aws.client("config")

    def test_put_describe_delete(self):
        created = self.config.put_configuration_aggregator(
            ConfigurationAggregatorName="interop", AccountAggregationSources=ALL_REGIONS,
            Tags=[{"Key": "team", "Value": "platform"}])["ConfigurationAggregator"]
        self.assertRegex(created["ConfigurationAggregatorArn"], r"^arn:aws:config:us-east-1:111111111111:config-aggregator/config-aggregator-[a-z]{8}$")
        self.assertIsInstance(created["CreationTime"], datetime.datetime)
        self.assertTrue(created["AccountAggregationSources"][0]["AllAwsRegions"])

        described = self.config.describe_configuration_aggregators(ConfigurationAggregatorNames=["interop"])["ConfigurationAggregators"]
        self.assertEqual([created["ConfigurationAggregatorArn"]], [a["ConfigurationAggregatorArn"] for a in described])

        self.config.delete_configuration_aggregator(ConfigurationAggregatorName="interop")
        with self.assertRaises(self.config.exceptions.NoSuchConfigurationAggregatorException) as raised:
            self.config.describe_configuration_aggregators(ConfigurationAggregatorNames=["interop"])
        self.assertEqual(400, raised.exception.response["ResponseMetadata"]["HTTPStatusCode"])
        with self.assertRaises(self.config.exceptions.NoSuchConfigurationAggregatorException):
            self.config.delete_configuration_aggregator(ConfigurationAggregatorName="interop")

    def test_a_later_put_keeps_the_tags_of_the_creation(self):
        self.config.put_configuration_aggregator(ConfigurationAggregatorName="tagged", AccountAggregationSources=ALL_REGIONS,
                                                 Tags=[{"Key": "team", "Value": "platform"}])
        updated = self.config.put_configuration_aggregator(
            ConfigurationAggregatorName="tagged",
            AccountAggregationSources=[{"AccountIds": [states.MEMBER, states.CLOSED], "AwsRegions": ["us-east-1"]}],
            Tags=[{"Key": "team", "Value": "someone-else"}])["ConfigurationAggregator"]
        self.assertEqual([states.MEMBER, states.CLOSED], updated["AccountAggregationSources"][0]["AccountIds"])
        stored = next(a for a in self.aws.state_out()["configurationAggregators"] if a["ConfigurationAggregatorName"] == "tagged")
        self.assertEqual([{"Key": "team", "Value": "platform"}], stored["Tags"])

    def test_paginator_and_errors(self):
        for i in range(5):
            self.config.put_configuration_aggregator(ConfigurationAggregatorName=f"agg-{i}", AccountAggregationSources=ALL_REGIONS)
        pages = list(self.config.get_paginator("describe_configuration_aggregators").paginate(PaginationConfig={"PageSize": 2}))
        self.assertEqual([2, 2, 2], [len(p["ConfigurationAggregators"]) for p in pages])
        names = [a["ConfigurationAggregatorName"] for p in pages for a in p["ConfigurationAggregators"]]
        self.assertEqual(["agg-0", "agg-1", "agg-2", "agg-3", "agg-4", "org-aggregator"], names)

        with self.assertRaises(self.config.exceptions.InvalidNextTokenException):
            self.config.describe_configuration_aggregators(NextToken="garbage!")
        with self.assertRaises(self.config.exceptions.InvalidParameterValueException) as raised:
            self.config.put_configuration_aggregator(ConfigurationAggregatorName="x", AccountAggregationSources=[{"AccountIds": [states.MEMBER]}])
        self.assertIn("does not specify any regions", raised.exception.response["Error"]["Message"])
        with self.assertRaises(botocore.exceptions.ClientError) as raised:
            self.config.put_configuration_aggregator(ConfigurationAggregatorName="bad name!", AccountAggregationSources=ALL_REGIONS)
        self.assertEqual("ValidationException", raised.exception.response["Error"]["Code"])
        self.assertIn("at 'configurationAggregatorName' failed to satisfy constraint", raised.exception.response["Error"]["Message"])


class ChannelAndRecorderTest(unittest.TestCase):
    def setUp(self):
        self.aws = self.enterContext(Emulator(states.sample()))
        self.member = self.aws.client("config", credentials=self.aws.assume(states.MEMBER))
        self.home = self.aws.client("config")

    def test_delivery_channel(self):
        self.member.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "org-config-logs", "s3KeyPrefix": "config",
                                                          "configSnapshotDeliveryProperties": {"deliveryFrequency": "Six_Hours"}})
        channels = self.member.describe_delivery_channels()["DeliveryChannels"]
        self.assertEqual([{"name": "default", "s3BucketName": "org-config-logs", "s3KeyPrefix": "config",
                           "configSnapshotDeliveryProperties": {"deliveryFrequency": "Six_Hours"}}], channels)
        with self.assertRaises(self.member.exceptions.MaxNumberOfDeliveryChannelsExceededException):
            self.member.put_delivery_channel(DeliveryChannel={"name": "renamed", "s3BucketName": "b"})
        with self.assertRaises(self.member.exceptions.NoSuchDeliveryChannelException):
            self.member.describe_delivery_channels(DeliveryChannelNames=["nope"])
        with self.assertRaises(self.member.exceptions.InvalidSNSTopicARNException):
            self.member.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "b", "snsTopicARN": "topic"})
        with self.assertRaises(self.member.exceptions.InvalidS3KeyPrefixException):
            self.member.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "b", "s3KeyPrefix": "AWSLogs/x"})
        # The home account has no recorder in us-east-1 in this state.
        with self.assertRaises(self.home.exceptions.NoAvailableConfigurationRecorderException):
            self.home.put_delivery_channel(DeliveryChannel={"s3BucketName": "b"})

        stored = next(c for c in self.aws.state_out()["deliveryChannels"] if c["accountId"] == states.MEMBER)
        self.assertEqual(("org-config-logs", 7), (stored["s3BucketName"], stored["x-kept"]))

    def test_a_recorder_put_without_a_recording_group_is_described_with_aws_defaults_and_arn(self):
        self.home.put_configuration_recorder(ConfigurationRecorder={"name": "default", "roleARN": f"arn:aws:iam::{states.HOME}:role/config"})
        recorder = self.home.describe_configuration_recorders()["ConfigurationRecorders"][0]
        self.assertRegex(recorder["arn"], re.compile(r"^arn:aws:config:us-east-1:111111111111:configuration-recorder/default/[a-z0-9]{16}$"))
        self.assertEqual({"allSupported": True, "includeGlobalResourceTypes": False, "resourceTypes": [],
                          "exclusionByResourceTypes": {"resourceTypes": []}, "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"}},
                         recorder["recordingGroup"])
        self.assertEqual({"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []}, recorder["recordingMode"])
        self.assertEqual("PAID", recorder["recordingScope"])
        # By name, and the ARN stays through a put.
        self.home.put_configuration_recorder(ConfigurationRecorder={"name": "default", "roleARN": f"arn:aws:iam::{states.HOME}:role/config2"})
        again = self.home.describe_configuration_recorders(ConfigurationRecorderNames=["default"])["ConfigurationRecorders"][0]
        self.assertEqual((recorder["arn"], f"arn:aws:iam::{states.HOME}:role/config2"), (again["arn"], again["roleARN"]))

    def test_recorder_errors(self):
        with self.assertRaises(self.member.exceptions.MaxNumberOfConfigurationRecordersExceededException):
            self.member.put_configuration_recorder(ConfigurationRecorder={"name": "second", "roleARN": "arn:aws:iam::222222222222:role/c"})
        with self.assertRaises(self.member.exceptions.InvalidRoleException):
            self.member.put_configuration_recorder(ConfigurationRecorder={"name": "default"})
        with self.assertRaises(self.member.exceptions.InvalidRecordingGroupException):
            self.member.put_configuration_recorder(ConfigurationRecorder={"name": "default", "roleARN": "r", "recordingGroup": {}})
        with self.assertRaises(self.member.exceptions.NoSuchConfigurationRecorderException):
            self.member.describe_configuration_recorders(ConfigurationRecorderNames=["nope"])
        unchecked = self.aws.client("config", config=botocore.config.Config(parameter_validation=False))
        with self.assertRaises(unchecked.exceptions.ValidationException):
            unchecked.describe_configuration_recorders(ConfigurationRecorderNames=["x" * 257])


if __name__ == "__main__":
    unittest.main()
