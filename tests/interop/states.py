"""State files for the interop tests (SPEC §5 and §5.1 shapes); each call returns a fresh copy to change at will."""

from __future__ import annotations

import copy

HOME = "111111111111"
MEMBER = "222222222222"
CLOSED = "333333333333"
PENDING = "444444444444"
OUTSIDER = "999999999999"
ORGANIZATION_ID = "o-a1b2c3d4e5"
ROOT_ID = "r-ab12"
PROD_OU = "ou-ab12-prod0001"
TEAM_OU = "ou-ab12-team0001"
GOLDEN_ARN = f"arn:aws:imagebuilder:us-east-1:{HOME}:distribution-configuration/golden"
TRUST_POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}'

_SAMPLE = {
    "accountId": HOME,
    "accessKeyId": "AKIDEXAMPLE",
    "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "x-notes": {"kept": [1, 2, 3]},
    "configurationAggregators": [
        {"accountId": HOME, "region": "us-east-1", "ConfigurationAggregatorName": "org-aggregator",
         "AccountAggregationSources": [{"AccountIds": [MEMBER], "AllAwsRegions": True}], "x-owner": "platform"},
    ],
    "distributionConfigurations": [
        {"arn": GOLDEN_ARN, "name": "golden", "description": "Golden AMI",
         "distributions": [{"region": "us-east-1", "amiDistributionConfiguration": {
             "name": "golden-{{ imagebuilder:buildDate }}", "launchPermission": {"userIds": [MEMBER]}}}],
         "tags": {"team": "platform"}, "timeoutMinutes": 360, "dateCreated": "2026-01-01T00:00:00.000Z"},
    ],
    "configurationRecorders": [
        {"accountId": MEMBER, "region": "us-east-1", "name": "default", "roleARN": f"arn:aws:iam::{MEMBER}:role/config"},
    ],
    "deliveryChannels": [
        {"accountId": MEMBER, "region": "us-east-1", "name": "default", "s3BucketName": "old-bucket", "x-kept": 7},
    ],
    "organization": {
        "id": ORGANIZATION_ID, "managementAccountId": HOME, "rootId": ROOT_ID, "x-org-note": "kept",
        "organizationalUnits": [
            {"id": PROD_OU, "name": "Prod", "parentId": ROOT_ID},
            {"id": TEAM_OU, "name": "Team", "parentId": PROD_OU},
        ],
        "accounts": [
            {"Id": HOME, "Name": "management", "Email": "management@example.com", "State": "ACTIVE", "parentId": ROOT_ID,
             "JoinedMethod": "CREATED", "JoinedTimestamp": 1767225600},
            {"Id": MEMBER, "Name": "app-prod", "Email": "app-prod@example.com", "State": "ACTIVE", "parentId": PROD_OU,
             "JoinedMethod": "CREATED", "JoinedTimestamp": 1767225600, "x-cost-centre": 42},
            {"Id": CLOSED, "Name": "old-team", "Email": "old-team@example.com", "State": "CLOSED", "parentId": TEAM_OU,
             "JoinedMethod": "INVITED", "JoinedTimestamp": 1767225600},
            {"Id": PENDING, "Name": "new", "Email": "new@example.com", "State": "PENDING_ACTIVATION", "parentId": ROOT_ID},
        ],
    },
    "roles": [
        {"accountId": MEMBER, "RoleName": "EC2ImageBuilderDistributionCrossAccountRole", "AssumeRolePolicyDocument": TRUST_POLICY,
         "CreateDate": "2026-01-01T00:00:00Z", "Tags": [{"Key": "team", "Value": "platform"}]},
        {"RoleName": "OrgSyncMemberRole", "Path": "/orgsync/", "Description": "The home account's role"},
    ],
}


def sample() -> dict:
    """The SPEC §5 example plus the §5.1 organization (home manages it) and IAM roles, with unknown fields."""
    return copy.deepcopy(_SAMPLE)


def member_id(i: int) -> str:
    return str(100_000_000_000 + i)


def unit_id(i: int) -> str:
    return f"ou-ab12-{i:08d}"


def generated_organization(members: int, units: int = 0) -> dict:
    """The home account manages `members` more accounts, spread over `units` OUs under the root (0: all at the root)."""
    accounts = [{"Id": HOME, "Name": "management", "Email": "management@example.com", "State": "ACTIVE", "parentId": ROOT_ID}]
    accounts += [
        {"Id": member_id(i), "Name": f"member-{i}", "Email": f"member-{i}@example.com", "State": "ACTIVE",
         "parentId": unit_id((i - 1) % units + 1) if units else ROOT_ID, "JoinedMethod": "CREATED", "JoinedTimestamp": 1767225600 + i}
        for i in range(1, members + 1)
    ]
    return {
        "accountId": HOME,
        "organization": {
            "id": ORGANIZATION_ID, "managementAccountId": HOME, "rootId": ROOT_ID,
            "organizationalUnits": [{"id": unit_id(i), "name": f"Unit {i}", "parentId": ROOT_ID} for i in range(1, units + 1)],
            "accounts": accounts,
        },
    }
