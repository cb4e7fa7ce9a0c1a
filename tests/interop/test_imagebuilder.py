"""EC2 Image Builder through boto3: distribution configurations, idempotency, paginator, modeled errors and faults."""

from __future__ import annotations

import unittest

import botocore.config
import botocore.exceptions

import states
from harness import Emulator

AMI = {"region": "us-east-1", "amiDistributionConfiguration": {"name": "golden-{{ imagebuilder:buildDate }}", "launchPermission": {"userIds": [states.MEMBER]}}}


class ImageBuilderTest(unittest.TestCase):
    def setUp(self):
        self.aws = self.enterContext(Emulator(states.sample()))
        self.ib = self.aws.client("imagebuilder")

    def test_get_update_create_list(self):
        got = self.ib.get_distribution_configuration(distributionConfigurationArn=states.GOLDEN_ARN)
        self.assertTrue(got["requestId"])
        self.assertEqual(("golden", 360), (got["distributionConfiguration"]["name"], got["distributionConfiguration"]["timeoutMinutes"]))

        updated = self.ib.update_distribution_configuration(distributionConfigurationArn=states.GOLDEN_ARN, description="v2",
                                                            distributions=[{**AMI, "amiDistributionConfiguration": {**AMI["amiDistributionConfiguration"], "launchPermission": {"userIds": [states.MEMBER, states.CLOSED]}}}])
        self.assertEqual(states.GOLDEN_ARN, updated["distributionConfigurationArn"])
        self.assertTrue(updated["clientToken"])  # botocore fills the idempotency token
        dc = self.ib.get_distribution_configuration(distributionConfigurationArn=states.GOLDEN_ARN)["distributionConfiguration"]
        self.assertEqual([states.MEMBER, states.CLOSED], dc["distributions"][0]["amiDistributionConfiguration"]["launchPermission"]["userIds"])
        self.assertEqual({"team": "platform"}, dc["tags"])

        for name in ("alpha", "beta", "gamma"):
            created = self.ib.create_distribution_configuration(name=name, distributions=[AMI], tags={"env": "test"})
            self.assertEqual(f"arn:aws:imagebuilder:us-east-1:{states.HOME}:distribution-configuration/{name}", created["distributionConfigurationArn"])
        with self.assertRaises(self.ib.exceptions.ResourceAlreadyExistsException):
            self.ib.create_distribution_configuration(name="alpha", distributions=[AMI])

        pages = list(self.ib.get_paginator("list_distribution_configurations").paginate(PaginationConfig={"PageSize": 3}))
        self.assertEqual([3, 1], [len(p["distributionConfigurationSummaryList"]) for p in pages])
        filtered = self.ib.list_distribution_configurations(filters=[{"name": "name", "values": ["beta"]}])["distributionConfigurationSummaryList"]
        self.assertEqual([("beta", ["us-east-1"])], [(s["name"], s["regions"]) for s in filtered])
        with self.assertRaises(self.ib.exceptions.InvalidPaginationTokenException):
            self.ib.list_distribution_configurations(nextToken="bad")

    def test_client_tokens_make_writes_idempotent(self):
        request = {"distributionConfigurationArn": states.GOLDEN_ARN, "distributions": [AMI], "clientToken": "same"}
        first = self.ib.update_distribution_configuration(description="v2", **request)
        self.assertEqual(first["clientToken"], self.ib.update_distribution_configuration(description="v2", **request)["clientToken"])
        with self.assertRaises(self.ib.exceptions.IdempotentParameterMismatchException):
            self.ib.update_distribution_configuration(description="v3", **request)

    def test_modeled_errors(self):
        missing = states.GOLDEN_ARN.replace("golden", "missing")
        with self.assertRaises(self.ib.exceptions.ResourceNotFoundException) as raised:
            self.ib.get_distribution_configuration(distributionConfigurationArn=missing)
        self.assertEqual(404, raised.exception.response["ResponseMetadata"]["HTTPStatusCode"])

        member = self.aws.client("imagebuilder", credentials=self.aws.assume(states.MEMBER))
        with self.assertRaises(member.exceptions.ForbiddenException) as raised:
            member.get_distribution_configuration(distributionConfigurationArn=states.GOLDEN_ARN)
        self.assertEqual(403, raised.exception.response["ResponseMetadata"]["HTTPStatusCode"])

        with self.assertRaises(self.ib.exceptions.InvalidParameterValueException):
            self.ib.update_distribution_configuration(distributionConfigurationArn=states.GOLDEN_ARN, distributions=[{"region": "us-east-1"}])

    def test_model_constraint_failures_are_InvalidParameterValueException(self):
        # Image Builder's model has no ValidationException: against AWS botocore raises this modeled class.
        unchecked = self.aws.client("imagebuilder", config=botocore.config.Config(parameter_validation=False))
        cases = [
            lambda: self.ib.create_distribution_configuration(name="bad name!", distributions=[AMI]),
            lambda: self.ib.list_distribution_configurations(maxResults=26),
            lambda: unchecked.update_distribution_configuration(distributionConfigurationArn=states.GOLDEN_ARN, distributions=[AMI], clientToken="t" * 65),
            lambda: self.ib.get_distribution_configuration(distributionConfigurationArn=states.GOLDEN_ARN.replace("golden", "Golden")),
        ]
        for call in cases:
            with self.assertRaises(botocore.exceptions.ClientError) as raised:
                call()
            self.assertEqual("InvalidParameterValueException", type(raised.exception).__name__)
            self.assertEqual(("InvalidParameterValueException", 400),
                             (raised.exception.response["Error"]["Code"], raised.exception.response["ResponseMetadata"]["HTTPStatusCode"]))
            self.assertIn("failed to satisfy constraint", raised.exception.response["Error"]["Message"])

    def test_an_ami_name_without_the_build_date_is_refused(self):
        named = {"region": "us-east-1", "amiDistributionConfiguration": {"name": "golden"}}
        with self.assertRaises(self.ib.exceptions.InvalidParameterValueException) as raised:
            self.ib.update_distribution_configuration(distributionConfigurationArn=states.GOLDEN_ARN, distributions=[named])
        self.assertEqual(
            "The value supplied for parameter 'distributions[0].amiDistributionConfiguration.name' is not valid. "
            "The EC2 AMI name must contain '{{ imagebuilder:buildDate }}' to ensure that the name will be unique.",
            raised.exception.response["Error"]["Message"])
        with self.assertRaises(self.ib.exceptions.InvalidParameterValueException):
            self.ib.create_distribution_configuration(name="unnamed", distributions=[named])


class ImageBuilderFaultTest(unittest.TestCase):
    def test_in_use_answers_ResourceInUseException_and_applies_nothing(self):
        with Emulator(states.sample(), faults="in-use=1") as aws:
            ib = aws.client("imagebuilder")
            with self.assertRaises(ib.exceptions.ResourceInUseException) as raised:
                ib.update_distribution_configuration(distributionConfigurationArn=states.GOLDEN_ARN, description="v2", distributions=[AMI])
            self.assertEqual(400, raised.exception.response["ResponseMetadata"]["HTTPStatusCode"])
            self.assertIn("currently in use", raised.exception.response["Error"]["Message"])
            self.assertEqual("Golden AMI", ib.get_distribution_configuration(distributionConfigurationArn=states.GOLDEN_ARN)["distributionConfiguration"]["description"])
            self.assertIn("Faults: throttle=0,error=0,lost-response=0,in-use=1", aws.output)
            self.assertEqual("Golden AMI", aws.state_out()["distributionConfigurations"][0]["description"])

    def test_throttling_is_the_modeled_429(self):
        with Emulator(states.sample(), faults="throttle=1") as aws:
            ib = aws.client("imagebuilder")
            with self.assertRaises(ib.exceptions.CallRateLimitExceededException) as raised:
                ib.get_distribution_configuration(distributionConfigurationArn=states.GOLDEN_ARN)
            self.assertEqual(429, raised.exception.response["ResponseMetadata"]["HTTPStatusCode"])
            # Organizations throttles with its modeled TooManyRequestsException, which botocore's standard mode retries.
            retrying = aws.client("organizations", config=botocore.config.Config(retries={"total_max_attempts": 2, "mode": "standard"}))
            with self.assertRaises(retrying.exceptions.TooManyRequestsException) as raised:
                retrying.list_roots()
            self.assertEqual(1, raised.exception.response["ResponseMetadata"]["RetryAttempts"])


if __name__ == "__main__":
    unittest.main()
