#!/usr/bin/env bash
# Cold start of the Lambda bootstrap through the real pipeline: a fresh process per run, against a minimal fake
# Lambda Runtime API (Node, no packages), handed a first SQS batch (one join, one leave) that it applies to a running
# `orgsync emulator` (aggregator: read + write; distribution configuration: read + write; the joining account's
# delivery channel: AssumeRole + read + write). Compares the package we ship (Native AOT), the fallback for build hosts
# without clang (-p:OrgSyncReadyToRun=true: self-contained, composite ReadyToRun, trimmed) and a framework-dependent
# JIT build run as `dotnet bootstrap.dll`, interleaved run by run so that load from other processes hits all alike.
# Not run by CI.
#
#   tests/OrgSync.Benchmarks/coldstart.sh [RUNS] [PORT]     (default 15 runs per build, emulator on 127.0.0.1:4597)
#
# Per build: min / median / max of
#   init         spawn -> the first GET /runtime/invocation/next (runtime start, init: environment, targets, logging)
#   invocation   that GET -> POST .../response (the first batch: AOT, R2R or JIT code of the pipeline, SDK clients, 7 AWS calls)
#   total        spawn -> POST .../response (what a cold SQS invocation costs before Lambda's own overhead)
#   peak RSS     VmHWM of the process when it has answered (/proc/<pid>/status)
# then how many times faster the shipped build's median total is, and each package's size (unzipped, and zipped as
# `sam deploy` uploads it). One unmeasured warm-up round first (page cache, emulator JIT).
# Needs: dotnet, node, zip, and what the Native AOT publish needs (clang, see src/OrgSync.Functions/README.md).
set -euo pipefail

runs="${1:-15}"
port="${2:-4597}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

publish() { # name (of the log), dotnet publish arguments...
  local name="$1"; shift
  dotnet publish "$@" -c Release --disable-build-servers -nologo >"$work/$name.log" 2>&1 \
    || { cat "$work/$name.log" >&2; exit 1; }
}

echo "== publishing: bootstrap (Native AOT; composite ReadyToRun; framework-dependent), orgsync CLI" >&2
# The shipped build last: it leaves obj/ as the tests' publish wants it (restored for Native AOT).
publish r2r "$root/src/OrgSync.Functions" -o "$work/r2r" -p:OrgSyncReadyToRun=true
publish fd "$root/src/OrgSync.Functions" -o "$work/fd" -p:OrgSyncFrameworkDependent=true
publish aot "$root/src/OrgSync.Functions" -o "$work/aot"
publish cli "$root/src/OrgSync.Cli" -o "$work/cli"

cat >"$work/coldstart.mjs" <<'JS'
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';

const [runs, port, work] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const builds = [
  { label: 'Native AOT (shipped)', command: path.join(work, 'aot', 'bootstrap'), args: [] },
  { label: 'composite ReadyToRun (fallback)', command: path.join(work, 'r2r', 'bootstrap'), args: [] },
  { label: 'framework-dependent JIT (dotnet dll)', command: 'dotnet', args: [path.join(work, 'fd', 'bootstrap.dll')] },
];
const [shipped, frameworkDependent] = [0, 2];
const total = (runs + 1) * builds.length; // + one warm-up round
const joining = k => String(400000000000 + k);  // has a configuration recorder: its channel is put
const leaving = k => String(300000000000 + k);  // in the aggregator and the distribution at the start
const ids = n => Array.from({ length: n }, (_, k) => k);

// The organization: every account that leaves during the benchmark is a member now; every joining one has a recorder.
const state = {
  accountId: '111111111111', accessKeyId: 'AKIDCOLDSTARTBENCH01', secretAccessKey: 'coldstart-benchmark-secret-not-a-real-key',
  configurationAggregators: [{ accountId: '111111111111', region: 'us-east-1', ConfigurationAggregatorName: 'org-aggregator',
    AccountAggregationSources: [{ AccountIds: ids(total).map(leaving), AllAwsRegions: true }] }],
  distributionConfigurations: [{ arn: 'arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden',
    name: 'golden', description: 'Golden AMI', tags: {},
    distributions: [{ region: 'us-east-1', amiDistributionConfiguration: { name: 'golden-{{ imagebuilder:buildDate }}',
      launchPermission: { userIds: ids(total).map(leaving) } } }] }],
  configurationRecorders: ids(total).map(k => ({ accountId: joining(k), region: 'us-east-1', name: 'default' })),
  deliveryChannels: [],
  // SPEC §3.5: a join is applied only to an ACTIVE member, so the joining accounts are listed.
  organization: { id: 'o-a1b2c3d4e5', managementAccountId: '111111111111', rootId: 'r-ab12',
    accounts: ['111111111111', ...ids(total).map(joining), ...ids(total).map(leaving)].map(id =>
      ({ Id: id, Name: `account-${id}`, Email: `account-${id}@example.com`, State: 'ACTIVE', parentId: 'r-ab12' })) },
};
const targets = {
  homeAccountId: '111111111111', trustedManagementAccountId: '111111111111',
  aggregators: [{ name: 'org-aggregator', region: 'us-east-1' }],
  distributions: [{ arn: 'arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden', share: ['launchPermission'] }],
  deliveryChannels: [{ memberRoleName: 'OrgSyncMemberRole', regions: ['us-east-1'],
    channel: { name: 'default', s3BucketName: 'org-config-logs', configSnapshotDeliveryProperties: { deliveryFrequency: 'Six_Hours' } } }],
};
fs.writeFileSync(path.join(work, 'state.json'), JSON.stringify(state));
fs.writeFileSync(path.join(work, 'targets.json'), JSON.stringify(targets));

const envelope = (id, source, detailType, detail) => JSON.stringify({
  version: '0', id, 'detail-type': detailType, source, account: '111111111111', time: '2026-11-01T09:00:00Z',
  region: 'us-east-1', resources: [], detail });
const record = (id, body) => ({
  messageId: id, receiptHandle: 'AQEB' + id, body, md5OfBody: '0', eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:111111111111:orgsync', awsRegion: 'us-east-1', messageAttributes: {},
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1793523600000', SenderId: 'AIDA', ApproximateFirstReceiveTimestamp: '1793523600000' } });
const batch = k => JSON.stringify({ Records: [
  record(`join-${k}`, envelope(`e-join-${k}`, 'aws.controltower', 'AWS Service Event via CloudTrail', { eventName: 'CreateManagedAccount',
    serviceEventDetails: { createManagedAccountStatus: { state: 'SUCCEEDED', account: { accountName: 'bench', accountId: joining(k) } } } })),
  record(`leave-${k}`, envelope(`e-leave-${k}`, 'aws.organizations', 'AWS API Call via CloudTrail', { eventName: 'CloseAccount',
    requestParameters: { accountId: leaving(k) } })),
] });

function startEmulator() {
  return new Promise((resolve, reject) => {
    const emulator = spawn('dotnet', [path.join(work, 'cli', 'orgsync.dll'), 'emulator', '--state', path.join(work, 'state.json'),
      '--port', String(port), '--state-out', path.join(work, 'final-state.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => fail(new Error('the emulator did not start within 60 s:\n' + output)), 60000);
    const fail = error => { clearTimeout(timer); emulator.kill('SIGKILL'); reject(error); };
    emulator.stdout.on('data', chunk => {
      output += chunk;
      if (output.includes('listening on')) { clearTimeout(timer); resolve(emulator); }
    });
    emulator.stderr.on('data', chunk => output += chunk);
    emulator.on('exit', code => fail(new Error(`the emulator exited (${code}):\n${output}`)));
  });
}

function stopEmulator(emulator) {
  return new Promise(resolve => {
    if (emulator.exitCode !== null) return resolve();
    emulator.removeAllListeners('exit');
    emulator.on('exit', () => resolve());
    emulator.kill('SIGTERM'); // saves --state-out, then exits
  });
}

// One cold start: a fresh Runtime API and process; times spawn -> first /next -> first response.
function once(build, k) {
  return new Promise((resolve, reject) => {
    let child, spawned, nextAt, served = false, done = false, stdout = '';
    const ms = (from, to) => Number(to - from) / 1e6;
    const server = http.createServer((req, res) => {
      const arrived = process.hrtime.bigint();
      let body = '';
      req.on('data', c => body += c);
      req.on('end', () => {
        if (req.method === 'GET' && req.url.endsWith('/invocation/next')) {
          if (served) return; // the long poll of the second invocation: never answered, the child is killed
          served = true;
          nextAt = arrived;
          res.writeHead(200, {
            'Content-Type': 'application/json',
            'Lambda-Runtime-Aws-Request-Id': `req-${k}`,
            'Lambda-Runtime-Deadline-Ms': String(Date.now() + 60000),
            'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:111111111111:function:orgsync-sqs',
          });
          res.end(batch(k));
        } else if (req.method === 'POST' && req.url.endsWith(`/invocation/req-${k}/response`)) {
          // The process is alive (its next long poll waits), so its high-water mark covers init and the first batch.
          const rss = peakRssMiB(child.pid);
          res.writeHead(202).end();
          const failures = JSON.parse(body).batchItemFailures;
          if (failures.length !== 0) return finish(new Error(`run ${k}: items failed: ${body}\n${stdout}`));
          finish(null, { init: ms(spawned, nextAt), invocation: ms(nextAt, arrived), total: ms(spawned, arrived), rss });
        } else if (req.method === 'POST' && req.url.includes('/error')) {
          res.writeHead(202).end();
          finish(new Error(`run ${k}: ${req.url}: ${body}\n${stdout}`));
        } else {
          res.writeHead(404).end();
        }
      });
    });
    const finish = (error, times) => {
      if (done) return;
      done = true;
      child?.kill('SIGKILL');
      server.close();
      server.closeAllConnections();
      error ? reject(error) : resolve(times);
    };
    server.listen(0, '127.0.0.1', () => {
      const env = {
        PATH: process.env.PATH, HOME: process.env.HOME, DOTNET_ROOT: process.env.DOTNET_ROOT ?? '', DOTNET_CLI_TELEMETRY_OPTOUT: '1',
        AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${server.address().port}`, _HANDLER: 'sqs',
        ORGSYNC_TARGETS_FILE: path.join(work, 'targets.json'),
        AWS_LAMBDA_FUNCTION_NAME: 'orgsync-sqs', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512', AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
        AWS_ACCESS_KEY_ID: state.accessKeyId, AWS_SECRET_ACCESS_KEY: state.secretAccessKey,
      };
      spawned = process.hrtime.bigint();
      child = spawn(build.command, build.args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
      child.stdout.on('data', chunk => stdout += chunk);
      child.on('error', error => finish(error));
      child.on('exit', code => finish(new Error(`run ${k}: the bootstrap exited (${code}) before answering\n${stdout}`)));
    });
  });
}

function peakRssMiB(pid) {
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!kib) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kib[1]) / 1024;
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
};

const stats = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return `${sorted[0].toFixed(0).padStart(5)} ${median(values).toFixed(0).padStart(5)} ${sorted[n - 1].toFixed(0).padStart(5)}`;
};

const emulator = await startEmulator();
let exitCode = 0;
try {
  const results = builds.map(() => []);
  let k = 0;
  for (let round = 0; round <= runs; round++) {
    for (const [index, build] of builds.entries()) {
      const times = await once(build, k++);
      if (round > 0) results[index].push(times); // round 0 warms the page cache and the emulator
    }
  }

  console.log(`${'min / median / max'.padEnd(38)} ${'init ms'.padStart(17)}   ${'invocation ms'.padStart(17)}   ${'total ms'.padStart(17)}   ${'peak RSS MiB'.padStart(17)}`);
  for (const [index, build] of builds.entries()) {
    const r = results[index];
    console.log(`${build.label.padEnd(38)} ${stats(r.map(t => t.init))}   ${stats(r.map(t => t.invocation))}   ${stats(r.map(t => t.total))}   ${stats(r.map(t => t.rss))}   (runs=${r.length})`);
  }
  const medianTotal = index => median(results[index].map(t => t.total));
  for (const index of builds.keys()) {
    if (index === shipped) continue;
    console.log(`${builds[shipped].label} vs ${builds[index].label}: ${(medianTotal(index) / medianTotal(shipped)).toFixed(1)}x faster to the first response (median)`);
  }
  const goal = medianTotal(frameworkDependent) / medianTotal(shipped) >= 10 ? 'met' : 'NOT met';
  console.log(`goal (shipped >= 10x faster than framework-dependent): ${goal}`);
} catch (error) {
  console.error(error.message);
  exitCode = 1;
} finally {
  await stopEmulator(emulator);
}

// Every run really went through the pipeline: each joined account is in the aggregator, each left one is gone.
if (exitCode === 0) {
  const final = JSON.parse(fs.readFileSync(path.join(work, 'final-state.json'), 'utf8'));
  const members = new Set(final.configurationAggregators[0].AccountAggregationSources[0].AccountIds);
  const joined = ids(total).filter(k => members.has(joining(k))).length;
  const left = ids(total).filter(k => !members.has(leaving(k))).length;
  const channels = final.deliveryChannels.length;
  console.log(`emulator: ${joined}/${total} joins and ${left}/${total} leaves in the aggregator, ${channels}/${total} delivery channels`);
  if (joined !== total || left !== total || channels !== total) exitCode = 1;
}
process.exit(exitCode);
JS

echo "== cold start: fresh process -> first response to a first SQS batch, through the pipeline, against the emulator on port $port" >&2
node "$work/coldstart.mjs" "$runs" "$port" "$work"
echo "== package sizes (MiB; the framework-dependent one without the .NET runtime it needs)"
size() { # label, folder
  local bytes zipped
  bytes="$(find "$2" -type f -printf '%s\n' | awk '{ sum += $1 } END { print sum }')"
  (cd "$2" && zip -qr "$work/$(basename "$2").zip" .)
  zipped="$(stat -c %s "$work/$(basename "$2").zip")"
  awk -v label="$1" -v bytes="$bytes" -v zipped="$zipped" -v files="$(find "$2" -type f | wc -l)" \
    'BEGIN { printf "%-38s %6.1f unzipped, %6.1f zipped (%d files)\n", label, bytes / 1048576, zipped / 1048576, files }'
}
size "Native AOT (shipped)" "$work/aot"
size "composite ReadyToRun (fallback)" "$work/r2r"
size "framework-dependent JIT (dotnet dll)" "$work/fd"
