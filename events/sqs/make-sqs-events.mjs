// Writes the Lambda SQS events in this folder: batches of SQS records whose bodies are EventBridge
// envelopes (SPEC section 1), as an EventBridge rule with an SQS target delivers them. For
//   sam local invoke SqsFunction -e events/sqs/batch.json
// Everything is deterministic (ids derive from names), so `node make-sqs-events.mjs --check` can
// tell whether the committed files are up to date. Edit the envelopes here, then run it without
// arguments.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const management = '111111111111';
const region = 'us-east-1';
const queueArn = `arn:aws:sqs:${region}:${management}:orgsync-EventQueue-4hTz9QmWbXk2`;
const organizationId = 'o-a1b2c3d4e5';

const digest = (text) => createHash('sha256').update(text).digest('hex');
const uuid = (seed) => {
  const h = digest(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const epochMillis = (iso) => String(Date.parse(iso));

function envelope({ name, source, detailType, time, detail, account = management }) {
  return {
    version: '0',
    id: uuid(`event:${name}`),
    'detail-type': detailType,
    source,
    account,
    time,
    region,
    resources: [],
    detail,
  };
}

function cloudTrailDetail({ name, eventSource, eventName, time, eventType, extra }) {
  const service = eventType === 'AwsServiceEvent';
  return {
    eventVersion: '1.08',
    userIdentity: service
      ? { accountId: management, invokedBy: eventSource }
      : {
          type: 'AssumedRole',
          principalId: 'AROAEXAMPLEPLATFORMOPS:platform-engineer',
          arn: `arn:aws:sts::${management}:assumed-role/PlatformOps/platform-engineer`,
          accountId: management,
        },
    eventTime: time,
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: service ? eventSource : '198.51.100.24',
    userAgent: service ? eventSource : 'aws-cli/2.17.0',
    ...extra,
    eventID: uuid(`cloudtrail:${name}`),
    readOnly: false,
    eventType,
    managementEvent: true,
    recipientAccountId: management,
    eventCategory: 'Management',
  };
}

const controlTower = (name, eventName, statusKey, accountId, accountName, time) =>
  envelope({
    name,
    source: 'aws.controltower',
    detailType: 'AWS Service Event via CloudTrail',
    time,
    detail: cloudTrailDetail({
      name,
      eventSource: 'controltower.amazonaws.com',
      eventName,
      time,
      eventType: 'AwsServiceEvent',
      extra: {
        requestParameters: null,
        responseElements: null,
        serviceEventDetails: {
          [statusKey]: {
            organizationalUnit: { organizationalUnitName: 'Workloads', organizationalUnitId: 'ou-a1b2-c3d4e5f6' },
            account: { accountName, accountId },
            state: 'SUCCEEDED',
            message: 'AWS Control Tower successfully enrolled the account.',
            requestedTimestamp: 'Fri Nov 20 09:41:07 UTC 2026',
            completedTimestamp: 'Fri Nov 20 10:12:55 UTC 2026',
          },
        },
      },
    }),
  });

const organizationsServiceEvent = (name, eventName, serviceEventDetails, time) =>
  envelope({
    name,
    source: 'aws.organizations',
    detailType: 'AWS Service Event via CloudTrail',
    time,
    detail: cloudTrailDetail({
      name,
      eventSource: 'organizations.amazonaws.com',
      eventName,
      time,
      eventType: 'AwsServiceEvent',
      extra: { requestParameters: null, responseElements: null, serviceEventDetails },
    }),
  });

const organizationsApiCall = (name, eventName, requestParameters, responseElements, time) =>
  envelope({
    name,
    source: 'aws.organizations',
    detailType: 'AWS API Call via CloudTrail',
    time,
    detail: cloudTrailDetail({
      name,
      eventSource: 'organizations.amazonaws.com',
      eventName,
      time,
      eventType: 'AwsApiCall',
      extra: { requestParameters, responseElements, requestID: uuid(`request:${name}`) },
    }),
  });

const custom = (name, action, accountIds, time) =>
  envelope({
    name,
    source: 'acme.vending',
    detailType: 'Account Change Request',
    time,
    account: management,
    detail: { action, accountIds, requestedBy: 'vending-pipeline', ticket: `VEND-${digest(name).slice(0, 4).toUpperCase()}` },
  });

const events = {
  createManagedAccount: controlTower(
    'create-managed-account-444444444444', 'CreateManagedAccount', 'createManagedAccountStatus',
    '444444444444', 'payments-prod', '2026-11-20T10:12:55Z'),
  updateManagedAccount: controlTower(
    'update-managed-account-555555555555', 'UpdateManagedAccount', 'updateManagedAccountStatus',
    '555555555555', 'analytics-dev', '2026-11-20T10:20:03Z'),
  createAccountResult: organizationsServiceEvent('create-account-result-666666666666', 'CreateAccountResult', {
    createAccountStatus: {
      id: 'car-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d',
      state: 'SUCCEEDED',
      accountName: 'sandbox-7',
      accountId: '666666666666',
      requestedTimestamp: 'Nov 20, 2026 10:05:12 AM',
      completedTimestamp: 'Nov 20, 2026 10:06:40 AM',
    },
  }, '2026-11-20T10:06:40Z'),
  acceptHandshake: organizationsApiCall('accept-handshake-777777777777', 'AcceptHandshake',
    { handshakeId: 'h-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d' },
    {
      handshake: {
        id: 'h-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d',
        arn: `arn:aws:organizations::${management}:handshake/${organizationId}/invite/h-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d`,
        parties: [
          { id: organizationId.slice(2), type: 'ORGANIZATION' },
          { id: '777777777777', type: 'ACCOUNT' },
        ],
        state: 'ACCEPTED',
        requestedTimestamp: 'Nov 19, 2026 4:02:11 PM',
        expirationTimestamp: 'Dec 4, 2026 4:02:11 PM',
        action: 'INVITE',
        resources: [
          { value: organizationId, type: 'ORGANIZATION' },
          { value: 'platform@example.com', type: 'EMAIL' },
        ],
      },
    }, '2026-11-20T10:31:18Z'),
  removeAccount: organizationsApiCall('remove-account-333333333333', 'RemoveAccountFromOrganization',
    { accountId: '333333333333' }, null, '2026-11-20T10:40:00Z'),
  closeAccount: organizationsApiCall('close-account-232323232323', 'CloseAccount',
    { accountId: '232323232323' }, null, '2026-11-20T10:44:21Z'),
  closeAccountResult: organizationsServiceEvent('close-account-result-232323232323', 'CloseAccountResult', {
    closeAccountStatus: {
      id: 'cas-9f8e7d6c5b4a39281706f5e4d3c2b1a0',
      state: 'SUCCEEDED',
      accountId: '232323232323',
      requestedTimestamp: 'Nov 20, 2026 10:44:21 AM',
      completedTimestamp: 'Nov 20, 2026 10:44:58 AM',
    },
  }, '2026-11-20T10:44:58Z'),
  customJoin: custom('custom-join-888888888888-121212121212', 'join', ['888888888888', '121212121212'], '2026-11-20T10:50:00Z'),
  customLeave: custom('custom-leave-343434343434', 'leave', ['343434343434'], '2026-11-20T10:55:30Z'),
};

// Bodies that must be reported as invalid without affecting the rest of their batch (SPEC section 1).
const invalid = {
  notJson: '{"version":"0","source":"aws.organizations","detail-type":',
  numericAccountId: JSON.stringify({
    ...events.removeAccount,
    id: uuid('event:remove-account-numeric-id'),
    detail: { ...events.removeAccount.detail, requestParameters: { accountId: 333333333333 } },
  }),
};

function record(batch, index, body, { receiveCount = 1, sentAt }) {
  const messageId = uuid(`message:${batch}:${index}`);
  // 96 bytes: base64 without padding, the length of a real receipt handle's tail.
  const receipt = Buffer.from(['receipt', 'handle', 'queue'].map((part) => digest(`${part}:${batch}:${index}`)).join(''), 'hex').toString('base64');
  const sent = Date.parse(sentAt);
  return {
    messageId,
    receiptHandle: `AQEB${receipt}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(sent),
      SenderId: 'AIDAIE6VAXUQU2DKHA7DK',
      ApproximateFirstReceiveTimestamp: String(sent + 5000 + index),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(body, 'utf8').digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

function batch(name, bodies) {
  return {
    Records: bodies.map(([body, options], index) =>
      record(name, index, typeof body === 'string' ? body : JSON.stringify(body), {
        sentAt: options?.sentAt ?? (typeof body === 'string' ? '2026-11-20T11:00:00Z' : body.time),
        receiveCount: options?.receiveCount ?? 1,
      })),
  };
}

const files = {
  // Joins and leaves of every kind, as one batch.
  'batch.json': batch('batch', [
    [events.createManagedAccount],
    [events.createAccountResult],
    [events.acceptHandshake],
    [events.customJoin],
    [events.removeAccount],
    [events.closeAccountResult],
  ]),
  // Valid changes with two invalid bodies between them; one message is a redelivery.
  'batch-with-invalid.json': batch('batch-with-invalid', [
    [events.updateManagedAccount],
    [invalid.notJson],
    [events.closeAccount, { receiveCount: 2 }],
    [invalid.numericAccountId],
    [events.customLeave],
  ]),
};

const check = process.argv.includes('--check');
let stale = 0;
for (const [file, content] of Object.entries(files)) {
  const path = join(here, file);
  const text = `${JSON.stringify(content, null, 2)}\n`;
  if (check) {
    let current = '';
    try { current = readFileSync(path, 'utf8'); } catch { /* missing counts as stale */ }
    if (current !== text) {
      console.error(`events/sqs/${file} is not what make-sqs-events.mjs writes; run: node events/sqs/make-sqs-events.mjs`);
      stale++;
    }
  } else {
    writeFileSync(path, text);
    console.log(`wrote events/sqs/${file} (${content.Records.length} records)`);
  }
}
process.exit(stale === 0 ? 0 : 1);
