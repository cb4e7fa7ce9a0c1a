"""Config aggregation authorizations, aggregator source status and service control denies through boto3."""
import os
import sys
import unittest

from botocore.exceptions import ClientError

# The harness sits beside these modules; found however unittest is started (discover, a module name, a file).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Emulator  # noqa: E402

HOME, MEMBER, OTHER = "111111111111", "222222222222", "333333333333"


def state(**extra):
    base = {
        "accountId": HOME,
        "configurationAggregators": [
            {"accountId": HOME, "region": "us-east-1", "ConfigurationAggregatorName": "accounts",
             "AccountAggregationSources": [{"AccountIds": [MEMBER, OTHER], "AwsRegions": ["us-east-1", "eu-west-1"]}]},
            {"accountId": HOME, "region": "us-east-1", "ConfigurationAggregatorName": "org",
             "OrganizationAggregationSource": {"RoleArn": f"arn:aws:iam::{HOME}:role/agg", "AllAwsRegions": True}},
        ],
        "configurationRecorders": [{"accountId": OTHER, "region": "us-east-1", "name": "default", "roleARN": f"arn:aws:iam::{OTHER}:role/config"}],
    }
    base.update(extra)
    return base


def error_code(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("expected a ClientError")


class AggregationAuthorizationTests(unittest.TestCase):
    def test_put_is_idempotent_describe_pages_and_delete_is_quiet(self):
        with Emulator(state()) as emulator:
            member = emulator.client("config", credentials=emulator.assume(MEMBER))
            first = member.put_aggregation_authorization(AuthorizedAccountId=HOME, AuthorizedAwsRegion="us-east-1",
                                                         Tags=[{"Key": "team", "Value": "platform"}])["AggregationAuthorization"]
            self.assertEqual(f"arn:aws:config:us-east-1:{MEMBER}:aggregation-authorization/{HOME}/us-east-1", first["AggregationAuthorizationArn"])
            self.assertEqual(HOME, first["AuthorizedAccountId"])
            again = member.put_aggregation_authorization(AuthorizedAccountId=HOME, AuthorizedAwsRegion="us-east-1",
                                                         Tags=[{"Key": "team", "Value": "other"}])["AggregationAuthorization"]
            self.assertEqual(first, again)  # unchanged, CreationTime included

            member.put_aggregation_authorization(AuthorizedAccountId=HOME, AuthorizedAwsRegion="eu-west-1")
            page = member.describe_aggregation_authorizations(Limit=1)
            self.assertEqual(1, len(page["AggregationAuthorizations"]))
            rest = member.describe_aggregation_authorizations(NextToken=page["NextToken"])
            self.assertNotIn("NextToken", rest)
            regions = [a["AuthorizedAwsRegion"] for a in page["AggregationAuthorizations"] + rest["AggregationAuthorizations"]]
            self.assertEqual(["eu-west-1", "us-east-1"], regions)
            paginated = [a for p in member.get_paginator("describe_aggregation_authorizations").paginate(PaginationConfig={"PageSize": 1})
                         for a in p["AggregationAuthorizations"]]
            self.assertEqual(2, len(paginated))

            code, _, status = error_code(lambda: member.describe_aggregation_authorizations(NextToken="not-a-token"))
            self.assertEqual(("InvalidNextTokenException", 400), (code, status))
            code, message, _ = error_code(lambda: member.put_aggregation_authorization(AuthorizedAccountId="12", AuthorizedAwsRegion="us-east-1"))
            self.assertEqual("ValidationException", code)
            self.assertIn("authorizedAccountId", message)

            member.delete_aggregation_authorization(AuthorizedAccountId=HOME, AuthorizedAwsRegion="eu-west-1")
            member.delete_aggregation_authorization(AuthorizedAccountId=HOME, AuthorizedAwsRegion="eu-west-1")  # gone: still 200
            # Authorizations belong to the Region of the request.
            self.assertEqual([], emulator.client("config", "eu-west-1", emulator.assume(MEMBER)).describe_aggregation_authorizations()["AggregationAuthorizations"])

            saved = emulator.state_out()["aggregationAuthorizations"]
            self.assertEqual(1, len(saved))
            self.assertEqual({"accountId": MEMBER, "region": "us-east-1", "AuthorizedAccountId": HOME, "AuthorizedAwsRegion": "us-east-1",
                              "Tags": [{"Key": "team", "Value": "platform"}]},
                             {k: v for k, v in saved[0].items() if k not in ("AggregationAuthorizationArn", "CreationTime")})


class SourcesStatusTests(unittest.TestCase):
    def test_account_sources_fail_without_an_authorization_in_that_region(self):
        authorizations = [{"accountId": MEMBER, "region": "us-east-1", "AuthorizedAccountId": HOME, "AuthorizedAwsRegion": "us-east-1"}]
        with Emulator(state(aggregationAuthorizations=authorizations)) as emulator:
            config = emulator.client("config")
            statuses = config.describe_configuration_aggregator_sources_status(ConfigurationAggregatorName="accounts")["AggregatedSourceStatusList"]
            by_source = {(s["SourceId"], s["AwsRegion"]): s for s in statuses}
            self.assertEqual(4, len(by_source))
            self.assertEqual("SUCCEEDED", by_source[(MEMBER, "us-east-1")]["LastUpdateStatus"])
            self.assertEqual("ACCOUNT", by_source[(MEMBER, "us-east-1")]["SourceType"])
            failed = by_source[(MEMBER, "eu-west-1")]
            self.assertEqual("FAILED", failed["LastUpdateStatus"])
            self.assertEqual("AuthorizationNotFound", failed["LastErrorCode"])
            self.assertTrue(failed["LastErrorMessage"])

            only_failed = config.describe_configuration_aggregator_sources_status(ConfigurationAggregatorName="accounts", UpdateStatus=["FAILED"])
            self.assertEqual(3, len(only_failed["AggregatedSourceStatusList"]))
            pages = list(config.get_paginator("describe_configuration_aggregator_sources_status").paginate(
                ConfigurationAggregatorName="accounts", PaginationConfig={"PageSize": 3}))
            self.assertEqual([3, 1], [len(p["AggregatedSourceStatusList"]) for p in pages])

            # The member authorizes eu-west-1 too: that source now succeeds.
            emulator.client("config", "eu-west-1", emulator.assume(MEMBER)).put_aggregation_authorization(AuthorizedAccountId=HOME, AuthorizedAwsRegion="us-east-1")
            statuses = config.describe_configuration_aggregator_sources_status(ConfigurationAggregatorName="accounts", UpdateStatus=["SUCCEEDED"])
            self.assertEqual({(MEMBER, "us-east-1"), (MEMBER, "eu-west-1")}, {(s["SourceId"], s["AwsRegion"]) for s in statuses["AggregatedSourceStatusList"]})

            organization = config.describe_configuration_aggregator_sources_status(ConfigurationAggregatorName="org")["AggregatedSourceStatusList"]
            self.assertEqual(["ORGANIZATION"], [s["SourceType"] for s in organization])
            self.assertEqual("SUCCEEDED", organization[0]["LastUpdateStatus"])

            code, _, status = error_code(lambda: config.describe_configuration_aggregator_sources_status(ConfigurationAggregatorName="missing"))
            self.assertEqual(("NoSuchConfigurationAggregatorException", 400), (code, status))


class ServiceControlDenyTests(unittest.TestCase):
    def test_a_denied_action_answers_access_denied_and_changes_nothing(self):
        denies = [{"accountId": OTHER, "action": "config:PutDeliveryChannel"}]
        with Emulator(state(serviceControlDenies=denies)) as emulator:
            other = emulator.client("config", credentials=emulator.assume(OTHER))
            code, message, status = error_code(lambda: other.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "logs"}))
            self.assertEqual(("AccessDeniedException", 400), (code, status))
            self.assertRegex(message, rf"^User: arn:aws:sts::{OTHER}:assumed-role/OrgSyncMemberRole/[\w+=,.@-]+ is not authorized to perform: "
                                      r"config:PutDeliveryChannel on resource: \* with an explicit deny in a service control policy$")
            # Other actions, and other accounts, are not denied.
            self.assertEqual([], other.describe_delivery_channels()["DeliveryChannels"])
            member = emulator.client("config", credentials=emulator.assume(MEMBER))
            code, _, _ = error_code(lambda: member.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "logs"}))
            self.assertEqual("NoAvailableConfigurationRecorderException", code)
            saved = emulator.state_out()
            self.assertNotIn("deliveryChannels", saved)
            self.assertEqual(denies, saved["serviceControlDenies"])


if __name__ == "__main__":
    unittest.main()
