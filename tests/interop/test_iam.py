"""IAM GetRole through boto3: the roles of the caller's account, as IAM returns them."""

from __future__ import annotations

import datetime
import json
import unittest

import botocore.config
import botocore.exceptions

import states
from harness import Emulator


class IamTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.aws = cls.enterClassContext(Emulator(states.sample()))

    def test_get_role_in_a_member_account(self):
        credentials = self.aws.assume(states.MEMBER, "EC2ImageBuilderDistributionCrossAccountRole")
        iam = self.aws.client("iam", credentials=credentials)
        role = iam.get_role(RoleName="EC2ImageBuilderDistributionCrossAccountRole")["Role"]
        arn = f"arn:aws:iam::{states.MEMBER}:role/EC2ImageBuilderDistributionCrossAccountRole"
        self.assertEqual(("/", "EC2ImageBuilderDistributionCrossAccountRole", arn), (role["Path"], role["RoleName"], role["Arn"]))
        self.assertEqual(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc), role["CreateDate"])
        self.assertEqual(3600, role["MaxSessionDuration"])
        self.assertEqual([{"Key": "team", "Value": "platform"}], role["Tags"])
        # IAM sends the trust policy URL-encoded; botocore decodes it into a dict, as it does against AWS.
        self.assertEqual(json.loads(states.TRUST_POLICY), role["AssumeRolePolicyDocument"])
        # The role's id is the one STS reported when the role was assumed.
        caller = self.aws.client("sts", credentials=credentials).get_caller_identity()
        self.assertEqual(caller["UserId"].split(":")[0], role["RoleId"])

    def test_roles_are_seen_by_their_own_account_only(self):
        home = self.aws.client("iam")
        role = home.get_role(RoleName="OrgSyncMemberRole")["Role"]
        self.assertEqual(("/orgsync/", f"arn:aws:iam::{states.HOME}:role/orgsync/OrgSyncMemberRole"), (role["Path"], role["Arn"]))
        self.assertEqual("The home account's role", role["Description"])
        with self.assertRaises(home.exceptions.NoSuchEntityException) as raised:
            home.get_role(RoleName="EC2ImageBuilderDistributionCrossAccountRole")
        error = raised.exception.response
        self.assertEqual(("NoSuchEntity", 404), (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]))
        self.assertEqual("The role with name EC2ImageBuilderDistributionCrossAccountRole cannot be found.", error["Error"]["Message"])

        other = self.aws.client("iam", credentials=self.aws.assume(states.CLOSED))
        with self.assertRaises(other.exceptions.NoSuchEntityException):
            other.get_role(RoleName="OrgSyncMemberRole")

    def test_validation_and_signing(self):
        iam = self.aws.client("iam", config=botocore.config.Config(parameter_validation=False))
        with self.assertRaises(botocore.exceptions.ClientError) as raised:
            iam.get_role(RoleName="bad name")
        self.assertEqual(("ValidationError", 400), (raised.exception.response["Error"]["Code"], raised.exception.response["ResponseMetadata"]["HTTPStatusCode"]))
        self.assertIn("at 'roleName' failed to satisfy constraint", raised.exception.response["Error"]["Message"])

        # Signed for eu-west-1 (what botocore does with a custom endpoint): IAM is global.
        self.assertEqual("OrgSyncMemberRole", self.aws.client("iam", region="eu-west-1").get_role(RoleName="OrgSyncMemberRole")["Role"]["RoleName"])

        stranger = self.aws.client("iam", credentials={"aws_access_key_id": "AKIAUNKNOWNKEY000000", "aws_secret_access_key": "x"})
        with self.assertRaises(botocore.exceptions.ClientError) as raised:
            stranger.get_role(RoleName="OrgSyncMemberRole")
        self.assertEqual(("InvalidClientTokenId", 403), (raised.exception.response["Error"]["Code"], raised.exception.response["ResponseMetadata"]["HTTPStatusCode"]))


if __name__ == "__main__":
    unittest.main()
