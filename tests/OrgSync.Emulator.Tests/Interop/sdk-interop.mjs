// Drives the emulator with the official AWS SDK for JavaScript v3, exactly as an application would,
// and prints one JSON document of observations for the xunit test to assert on.
// Env: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, MEMBER_ACCOUNT_ID, GOLDEN_ARN, TASK_TOKEN.
import {
  ConfigServiceClient,
  DescribeConfigurationAggregatorsCommand,
  PutConfigurationAggregatorCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  DescribeDeliveryChannelsCommand,
  PutAggregationAuthorizationCommand,
  DescribeAggregationAuthorizationsCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
} from '@aws-sdk/client-config-service';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SFNClient, SendTaskSuccessCommand, SendTaskFailureCommand } from '@aws-sdk/client-sfn';
import {
  ImagebuilderClient,
  GetDistributionConfigurationCommand,
  UpdateDistributionConfigurationCommand,
  ListDistributionConfigurationsCommand,
} from '@aws-sdk/client-imagebuilder';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  OrganizationsClient,
  DescribeOrganizationCommand,
  DescribeAccountCommand,
  ListChildrenCommand,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';

const endpoint = process.env.AWS_ENDPOINT_URL;
const region = process.env.AWS_REGION;
const member = process.env.MEMBER_ACCOUNT_ID;
const goldenArn = process.env.GOLDEN_ARN;
const taskToken = process.env.TASK_TOKEN;
const common = { endpoint, region, maxAttempts: 1 };
const out = {};

async function errorName(promise) {
  try {
    await promise;
    return 'no error';
  } catch (e) {
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
}

// Config in the home account
const config = new ConfigServiceClient(common);
const before = await config.send(new DescribeConfigurationAggregatorsCommand({}));
out.aggregatorsBefore = before.ConfigurationAggregators.map((a) => a.ConfigurationAggregatorName);
const put = await config.send(new PutConfigurationAggregatorCommand({
  ConfigurationAggregatorName: 'interop-aggregator',
  AccountAggregationSources: [{ AccountIds: ['222222222222', '333333333333'], AllAwsRegions: true }],
}));
out.putAggregator = {
  arn: put.ConfigurationAggregator.ConfigurationAggregatorArn,
  creationTimeIsDate: put.ConfigurationAggregator.CreationTime instanceof Date,
  accountIds: put.ConfigurationAggregator.AccountAggregationSources[0].AccountIds,
};
const described = await config.send(new DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: ['interop-aggregator'] }));
out.describedAccountIds = described.ConfigurationAggregators[0].AccountAggregationSources[0].AccountIds;
out.noSuchAggregator = await errorName(config.send(new DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: ['missing'] })));
out.invalidName = await errorName(config.send(new PutConfigurationAggregatorCommand({
  ConfigurationAggregatorName: 'bad name!',
  AccountAggregationSources: [{ AccountIds: ['222222222222'], AllAwsRegions: true }],
})));
await config.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: 'arn:aws:iam::111111111111:role/config' } }));
await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'home-bucket', configSnapshotDeliveryProperties: { deliveryFrequency: 'Six_Hours' } } }));
const homeChannels = await config.send(new DescribeDeliveryChannelsCommand({}));
out.homeChannel = homeChannels.DeliveryChannels.map((c) => ({ name: c.name, bucket: c.s3BucketName, frequency: c.configSnapshotDeliveryProperties?.deliveryFrequency }));

// Image Builder
const imagebuilder = new ImagebuilderClient(common);
const got = await imagebuilder.send(new GetDistributionConfigurationCommand({ distributionConfigurationArn: goldenArn }));
const dc = got.distributionConfiguration;
const updated = await imagebuilder.send(new UpdateDistributionConfigurationCommand({
  distributionConfigurationArn: goldenArn,
  description: dc.description,
  distributions: dc.distributions.map((d) => ({
    ...d,
    amiDistributionConfiguration: { ...d.amiDistributionConfiguration, launchPermission: { userIds: ['222222222222', '333333333333'] } },
  })),
}));
out.update = { arn: updated.distributionConfigurationArn, clientTokenFilled: typeof updated.clientToken === 'string' && updated.clientToken.length > 0, requestId: typeof updated.requestId };
const regot = await imagebuilder.send(new GetDistributionConfigurationCommand({ distributionConfigurationArn: goldenArn }));
out.userIdsAfterUpdate = regot.distributionConfiguration.distributions[0].amiDistributionConfiguration.launchPermission.userIds;
out.timeoutMinutes = regot.distributionConfiguration.timeoutMinutes;
const listed = await imagebuilder.send(new ListDistributionConfigurationsCommand({}));
out.listedArns = listed.distributionConfigurationSummaryList.map((s) => s.arn);
out.notFound = await errorName(imagebuilder.send(new GetDistributionConfigurationCommand({ distributionConfigurationArn: goldenArn.replace('golden', 'nothing') })));

// STS, then Config acting on the member account through the assumed role
const sts = new STSClient(common);
out.homeIdentity = (await sts.send(new GetCallerIdentityCommand({}))).Account;
const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrgSyncMemberRole`, RoleSessionName: 'interop' }));
const credentials = {
  accessKeyId: assumed.Credentials.AccessKeyId,
  secretAccessKey: assumed.Credentials.SecretAccessKey,
  sessionToken: assumed.Credentials.SessionToken,
};
out.assumed = { keyPrefix: assumed.Credentials.AccessKeyId.slice(0, 4), expirationIsDate: assumed.Credentials.Expiration instanceof Date, arn: assumed.AssumedRoleUser.Arn };
out.memberIdentity = (await new STSClient({ ...common, credentials }).send(new GetCallerIdentityCommand({}))).Account;
const memberConfig = new ConfigServiceClient({ ...common, credentials });
await memberConfig.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'org-config-logs', s3KeyPrefix: 'config' } }));
const memberChannels = await memberConfig.send(new DescribeDeliveryChannelsCommand({}));
out.memberChannel = memberChannels.DeliveryChannels.map((c) => ({ name: c.name, bucket: c.s3BucketName, prefix: c.s3KeyPrefix }));
out.memberAggregators = (await memberConfig.send(new DescribeConfigurationAggregatorsCommand({}))).ConfigurationAggregators.length;
out.renameChannel = await errorName(memberConfig.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'renamed', s3BucketName: 'org-config-logs' } })));

// Config aggregation authorizations: the member authorizes the home account's aggregator, which then reports the source
const authorization = await memberConfig.send(new PutAggregationAuthorizationCommand({ AuthorizedAccountId: '111111111111', AuthorizedAwsRegion: region }));
out.authorization = {
  arn: authorization.AggregationAuthorization.AggregationAuthorizationArn,
  creationTimeIsDate: authorization.AggregationAuthorization.CreationTime instanceof Date,
  listed: (await memberConfig.send(new DescribeAggregationAuthorizationsCommand({}))).AggregationAuthorizations.length,
};
const sources = await config.send(new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: 'org-aggregator' }));
out.sourcesStatus = {
  count: sources.AggregatedSourceStatusList.length,
  succeeded: sources.AggregatedSourceStatusList.filter((s) => s.LastUpdateStatus === 'SUCCEEDED').map((s) => `${s.SourceId}/${s.AwsRegion}`),
  lastUpdateTimeIsDate: sources.AggregatedSourceStatusList.every((s) => s.LastUpdateTime instanceof Date),
};

// EventBridge
const events = new EventBridgeClient(common);
const putEvents = await events.send(new PutEventsCommand({
  Entries: [
    { Source: 'orgsync', DetailType: 'Account Sync Completed', Detail: JSON.stringify({ accountId: member }), Time: new Date('2026-01-01T00:00:00Z') },
    { Source: 'orgsync', DetailType: 'Account Sync Completed', Detail: 'not json' },
  ],
}));
out.putEvents = { failed: putEvents.FailedEntryCount, eventIdIsText: typeof putEvents.Entries[0].EventId === 'string', error: putEvents.Entries[1].ErrorCode };

// Step Functions (awsJson1_0)
const sfn = new SFNClient(common);
await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ accountId: member }) }));
out.taskAgain = await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })));
out.taskUnknown = await errorName(sfn.send(new SendTaskFailureCommand({ taskToken: 'never-issued', error: 'E' })));

out.badSecret = await errorName(new STSClient({ ...common, credentials: { ...credentials, secretAccessKey: 'wrong' } }).send(new GetCallerIdentityCommand({})));

// Organizations: the management account (home) lists and describes; a member account is refused
const organizations = new OrganizationsClient(common);
const pages = [];
for await (const page of paginateListAccounts({ client: organizations, pageSize: 2 }, {})) {
  pages.push(page.Accounts.map((a) => ({ id: a.Id, state: a.State, status: a.Status, path: a.Paths[0], joinedIsDate: a.JoinedTimestamp === undefined || a.JoinedTimestamp instanceof Date })));
}
out.accountPages = pages;
out.organization = (await organizations.send(new DescribeOrganizationCommand({}))).Organization;
out.prodChildren = (await organizations.send(new ListChildrenCommand({ ParentId: 'ou-ab12-prod0001', ChildType: 'ORGANIZATIONAL_UNIT' }))).Children;
out.accountNotFound = await errorName(organizations.send(new DescribeAccountCommand({ AccountId: '999999999999' })));
out.badAccountId = await errorName(organizations.send(new DescribeAccountCommand({ AccountId: '12345' })));
out.memberOrganizations = await errorName(new OrganizationsClient({ ...common, credentials }).send(new DescribeAccountCommand({ AccountId: member })));

console.log(JSON.stringify(out));
