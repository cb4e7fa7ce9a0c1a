"""AWS Organizations through boto3: every emulated operation, its paginators and modeled errors."""

from __future__ import annotations

import datetime
import re
import unittest

import botocore.exceptions

import states
from harness import Emulator

# The model's patterns for what the emulator derives (botocore's organizations service-2.json).
ACCOUNT_ARN = re.compile(r"^arn:aws:organizations::\d{12}:account/o-[a-z0-9]{10,32}/\d{12}$")
PATH = re.compile(r"^o-[a-z0-9]{10,32}/r-[0-9a-z]{4,32}(/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})*(/\d{12})*/$")


class OrganizationsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.aws = cls.enterClassContext(Emulator(states.sample()))
        cls.org = cls.aws.client("organizations")

    def test_list_accounts_with_arn_paths_state_and_derived_status(self):
        accounts = {a["Id"]: a for a in self.org.list_accounts()["Accounts"]}
        self.assertEqual([states.HOME, states.MEMBER, states.CLOSED, states.PENDING], list(accounts))
        member = accounts[states.MEMBER]
        self.assertEqual(f"arn:aws:organizations::{states.HOME}:account/{states.ORGANIZATION_ID}/{states.MEMBER}", member["Arn"])
        self.assertEqual([f"{states.ORGANIZATION_ID}/{states.ROOT_ID}/{states.PROD_OU}/{states.MEMBER}/"], member["Paths"])
        self.assertEqual(("ACTIVE", "ACTIVE"), (member["State"], member["Status"]))
        self.assertEqual(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc), member["JoinedTimestamp"].astimezone(datetime.timezone.utc))
        self.assertEqual(("CLOSED", "SUSPENDED"), (accounts[states.CLOSED]["State"], accounts[states.CLOSED]["Status"]))
        self.assertEqual(("PENDING_ACTIVATION", "ACTIVE"), (accounts[states.PENDING]["State"], accounts[states.PENDING]["Status"]))
        self.assertEqual([f"{states.ORGANIZATION_ID}/{states.ROOT_ID}/{states.PROD_OU}/{states.TEAM_OU}/{states.CLOSED}/"], accounts[states.CLOSED]["Paths"])
        for account in accounts.values():
            self.assertRegex(account["Arn"], ACCOUNT_ARN)
            self.assertRegex(account["Paths"][0], PATH)
            self.assertNotIn("x-cost-centre", account)

    def test_tree_operations(self):
        root = self.org.list_roots()["Roots"][0]
        self.assertEqual({"Id": states.ROOT_ID, "Arn": f"arn:aws:organizations::{states.HOME}:root/{states.ORGANIZATION_ID}/{states.ROOT_ID}",
                          "Name": "Root", "PolicyTypes": []}, root)
        ous = self.org.list_organizational_units_for_parent(ParentId=states.ROOT_ID)["OrganizationalUnits"]
        self.assertEqual([states.PROD_OU], [ou["Id"] for ou in ous])
        team = self.org.describe_organizational_unit(OrganizationalUnitId=states.TEAM_OU)["OrganizationalUnit"]
        self.assertEqual({"Id": states.TEAM_OU, "Arn": f"arn:aws:organizations::{states.HOME}:ou/{states.ORGANIZATION_ID}/{states.TEAM_OU}",
                          "Name": "Team", "Path": f"{states.ORGANIZATION_ID}/{states.ROOT_ID}/{states.PROD_OU}/{states.TEAM_OU}/"}, team)
        self.assertRegex(team["Path"], PATH)
        self.assertEqual([states.HOME, states.PENDING], [a["Id"] for a in self.org.list_accounts_for_parent(ParentId=states.ROOT_ID)["Accounts"]])
        self.assertEqual([{"Id": states.MEMBER, "Type": "ACCOUNT"}], self.org.list_children(ParentId=states.PROD_OU, ChildType="ACCOUNT")["Children"])
        self.assertEqual([{"Id": states.TEAM_OU, "Type": "ORGANIZATIONAL_UNIT"}], self.org.list_children(ParentId=states.PROD_OU, ChildType="ORGANIZATIONAL_UNIT")["Children"])
        self.assertEqual([{"Id": states.TEAM_OU, "Type": "ORGANIZATIONAL_UNIT"}], self.org.list_parents(ChildId=states.CLOSED)["Parents"])
        self.assertEqual([{"Id": states.ROOT_ID, "Type": "ROOT"}], self.org.list_parents(ChildId=states.PROD_OU)["Parents"])
        account = self.org.describe_account(AccountId=states.CLOSED)["Account"]
        self.assertEqual(("old-team", "old-team@example.com", "INVITED"), (account["Name"], account["Email"], account["JoinedMethod"]))
        organization = self.org.describe_organization()["Organization"]
        self.assertEqual((states.ORGANIZATION_ID, "ALL", states.HOME, "management@example.com"),
                         (organization["Id"], organization["FeatureSet"], organization["MasterAccountId"], organization["MasterAccountEmail"]))
        self.assertEqual(f"arn:aws:organizations::{states.HOME}:organization/{states.ORGANIZATION_ID}", organization["Arn"])

    def test_not_found_errors_are_the_modeled_exception_classes(self):
        cases = [
            (self.org.exceptions.AccountNotFoundException, lambda: self.org.describe_account(AccountId=states.OUTSIDER)),
            (self.org.exceptions.ParentNotFoundException, lambda: self.org.list_accounts_for_parent(ParentId="ou-ab12-nothere1")),
            (self.org.exceptions.ParentNotFoundException, lambda: self.org.list_children(ParentId="r-zz99", ChildType="ACCOUNT")),
            (self.org.exceptions.ParentNotFoundException, lambda: self.org.list_organizational_units_for_parent(ParentId="ou-ab12-nothere1")),
            (self.org.exceptions.ChildNotFoundException, lambda: self.org.list_parents(ChildId=states.OUTSIDER)),
            (self.org.exceptions.OrganizationalUnitNotFoundException, lambda: self.org.describe_organizational_unit(OrganizationalUnitId="ou-ab12-nothere1")),
        ]
        for exception, call in cases:
            with self.subTest(exception.__name__), self.assertRaises(exception) as raised:
                call()
            self.assertEqual(exception.__name__, raised.exception.response["Error"]["Code"])
            self.assertEqual(400, raised.exception.response["ResponseMetadata"]["HTTPStatusCode"])
            self.assertTrue(raised.exception.response["Error"]["Message"].startswith("You specified "))

    def test_invalid_input_carries_its_reason(self):
        cases = [
            ("INVALID_PATTERN", lambda: self.org.describe_account(AccountId="12345")),
            ("MAX_VALUE_EXCEEDED", lambda: self.org.list_accounts(MaxResults=21)),
            ("INVALID_NEXT_TOKEN", lambda: self.org.list_accounts(NextToken="not-a-token")),
            ("INVALID_ENUM", lambda: self.org.list_children(ParentId=states.ROOT_ID, ChildType="POLICY")),
        ]
        for reason, call in cases:
            with self.subTest(reason), self.assertRaises(self.org.exceptions.InvalidInputException) as raised:
                call()
            self.assertEqual(reason, raised.exception.response["Reason"])

    def test_a_member_account_is_refused_but_may_describe_its_organization(self):
        member = self.aws.client("organizations", credentials=self.aws.assume(states.MEMBER))
        for call in (member.list_accounts, member.list_roots, lambda: member.describe_account(AccountId=states.MEMBER)):
            with self.assertRaises(member.exceptions.AccessDeniedException) as raised:
                call()
            self.assertEqual("You don't have permissions to access this resource.", raised.exception.response["Error"]["Message"])
        self.assertEqual(states.HOME, member.describe_organization()["Organization"]["MasterAccountId"])

        outsider = self.aws.client("organizations", credentials=self.aws.assume(states.OUTSIDER))
        with self.assertRaises(outsider.exceptions.AWSOrganizationsNotInUseException) as raised:
            outsider.describe_organization()
        self.assertEqual("Your account is not a member of an organization.", raised.exception.response["Error"]["Message"])

    def test_any_region_is_accepted(self):
        # botocore signs Organizations for us-east-1 against AWS, but for the client's Region against a custom endpoint.
        self.assertEqual(states.ROOT_ID, self.aws.client("organizations", region="eu-west-1").list_roots()["Roots"][0]["Id"])


class OrganizationsPaginationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.aws = cls.enterClassContext(Emulator(states.generated_organization(members=44, units=2)))
        cls.org = cls.aws.client("organizations")

    def test_pages_of_twenty_by_default(self):
        pages = list(self.org.get_paginator("list_accounts").paginate())
        self.assertEqual([20, 20, 5], [len(p["Accounts"]) for p in pages])
        ids = [a["Id"] for p in pages for a in p["Accounts"]]
        self.assertEqual(sorted(ids), ids)
        self.assertEqual(45, len(set(ids)))
        self.assertNotIn("NextToken", pages[-1])

    def test_max_results_and_every_paginator(self):
        pages = list(self.org.get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": 7}))
        self.assertEqual(7, len(pages))
        self.assertEqual(22, sum(len(p["Accounts"]) for p in self.org.get_paginator("list_accounts_for_parent").paginate(ParentId=states.unit_id(1), PaginationConfig={"PageSize": 5})))
        self.assertEqual(22, sum(len(p["Children"]) for p in self.org.get_paginator("list_children").paginate(ParentId=states.unit_id(2), ChildType="ACCOUNT", PaginationConfig={"PageSize": 3})))
        self.assertEqual(2, sum(len(p["OrganizationalUnits"]) for p in self.org.get_paginator("list_organizational_units_for_parent").paginate(ParentId=states.ROOT_ID, PaginationConfig={"PageSize": 1})))
        self.assertEqual(1, sum(len(p["Roots"]) for p in self.org.get_paginator("list_roots").paginate()))
        self.assertEqual(1, sum(len(p["Parents"]) for p in self.org.get_paginator("list_parents").paginate(ChildId=states.member_id(1))))
        with self.assertRaises(botocore.exceptions.ParamValidationError):
            self.org.list_accounts(MaxResults=0)  # botocore checks the model's minimum itself

    def test_a_token_belongs_to_its_own_list(self):
        token = self.org.list_accounts_for_parent(ParentId=states.unit_id(1), MaxResults=1)["NextToken"]
        with self.assertRaises(self.org.exceptions.InvalidInputException) as raised:
            self.org.list_accounts_for_parent(ParentId=states.unit_id(2), NextToken=token)
        self.assertEqual("INVALID_NEXT_TOKEN", raised.exception.response["Reason"])


class NoOrganizationTest(unittest.TestCase):
    def test_a_state_without_an_organization_is_not_in_use(self):
        with Emulator({"accountId": states.HOME}) as aws:
            org = aws.client("organizations")
            for call in (org.describe_organization, org.list_accounts):
                with self.assertRaises(org.exceptions.AWSOrganizationsNotInUseException):
                    call()


if __name__ == "__main__":
    unittest.main()
