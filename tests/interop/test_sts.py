"""STS through boto3: AssumeRole into any account, GetCallerIdentity, and the query protocol's errors."""

from __future__ import annotations

import datetime
import unittest

import botocore.exceptions

import states
from harness import Emulator


class StsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.aws = cls.enterClassContext(Emulator(states.sample()))
        cls.sts = cls.aws.client("sts")

    def test_get_caller_identity_of_the_home_key(self):
        identity = self.sts.get_caller_identity()
        self.assertEqual(states.HOME, identity["Account"])
        self.assertEqual(f"arn:aws:iam::{states.HOME}:user/orgsync-emulator", identity["Arn"])

    def test_assume_role_issues_credentials_that_act_on_that_account(self):
        answer = self.sts.assume_role(RoleArn=f"arn:aws:iam::{states.MEMBER}:role/OrgSyncMemberRole", RoleSessionName="interop", DurationSeconds=900)
        keys = answer["Credentials"]
        self.assertTrue(keys["AccessKeyId"].startswith("ASIA"))
        remaining = keys["Expiration"] - datetime.datetime.now(datetime.timezone.utc)
        self.assertTrue(datetime.timedelta(minutes=13) < remaining <= datetime.timedelta(minutes=15, seconds=5), remaining)
        self.assertEqual(f"arn:aws:sts::{states.MEMBER}:assumed-role/OrgSyncMemberRole/interop", answer["AssumedRoleUser"]["Arn"])

        member = self.aws.client("sts", credentials={
            "aws_access_key_id": keys["AccessKeyId"], "aws_secret_access_key": keys["SecretAccessKey"], "aws_session_token": keys["SessionToken"]})
        identity = member.get_caller_identity()
        self.assertEqual(states.MEMBER, identity["Account"])
        self.assertEqual(answer["AssumedRoleUser"]["AssumedRoleId"], identity["UserId"])

        # Role chaining is limited to an hour.
        with self.assertRaises(botocore.exceptions.ClientError) as raised:
            member.assume_role(RoleArn=f"arn:aws:iam::{states.CLOSED}:role/OrgSyncMemberRole", RoleSessionName="chain", DurationSeconds=7200)
        self.assertEqual("ValidationError", raised.exception.response["Error"]["Code"])

    def test_errors_of_the_query_protocol(self):
        with self.assertRaises(botocore.exceptions.ClientError) as raised:
            self.sts.assume_role(RoleArn=f"arn:aws:iam::{states.MEMBER}:role/R", RoleSessionName="bad name!")
        self.assertEqual(("ValidationError", 400), (raised.exception.response["Error"]["Code"], raised.exception.response["ResponseMetadata"]["HTTPStatusCode"]))
        self.assertIn("at 'roleSessionName' failed to satisfy constraint", raised.exception.response["Error"]["Message"])

        wrong_secret = self.aws.client("sts", credentials={"aws_access_key_id": self.aws.access_key, "aws_secret_access_key": "wrong"})
        with self.assertRaises(botocore.exceptions.ClientError) as raised:
            wrong_secret.get_caller_identity()
        self.assertEqual(("SignatureDoesNotMatch", 403), (raised.exception.response["Error"]["Code"], raised.exception.response["ResponseMetadata"]["HTTPStatusCode"]))

        unknown = self.aws.client("sts", credentials={"aws_access_key_id": "AKIAUNKNOWNKEY000000", "aws_secret_access_key": "x"})
        with self.assertRaises(botocore.exceptions.ClientError) as raised:
            unknown.get_caller_identity()
        self.assertEqual("InvalidClientTokenId", raised.exception.response["Error"]["Code"])

        keys = self.aws.assume(states.MEMBER)
        with self.assertRaises(botocore.exceptions.ClientError) as raised:
            self.aws.client("sts", credentials={**keys, "aws_session_token": "not-the-token"}).get_caller_identity()
        self.assertEqual("InvalidClientTokenId", raised.exception.response["Error"]["Code"])


if __name__ == "__main__":
    unittest.main()
