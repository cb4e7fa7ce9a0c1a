#!/usr/bin/env bash
# Cold start of the Lambda bootstrap: time from spawning the process to the first response it posts
# for a first SQS batch, against a minimal fake Lambda Runtime API (Node, no packages). Compares the
# package we ship (self-contained, ReadyToRun, trimmed) with a plain framework-dependent build run as
# `dotnet bootstrap.dll`. Not run by CI.
#
#   tests/OrgSync.Benchmarks/coldstart.sh [RUNS]        (default 10 runs per build)
#
# Needs: dotnet, node. Prints min/median/max in ms per build, and the package sizes.
set -euo pipefail

runs="${1:-10}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== publishing (self-contained R2R trimmed, and framework-dependent)" >&2
dotnet publish "$root/src/OrgSync.Functions" -c Release -o "$work/sc" --disable-build-servers -nologo >"$work/sc.log" 2>&1 \
  || { cat "$work/sc.log" >&2; exit 1; }
dotnet publish "$root/src/OrgSync.Functions" -c Release -o "$work/fd" -p:OrgSyncFrameworkDependent=true --disable-build-servers -nologo >"$work/fd.log" 2>&1 \
  || { cat "$work/fd.log" >&2; exit 1; }

cat >"$work/targets.json" <<'JSON'
{ "homeAccountId": "111111111111", "aggregators": [ { "name": "org-aggregator", "region": "us-east-1" } ] }
JSON

cat >"$work/coldstart.mjs" <<'JS'
// A fake Runtime API per run: hands out one SQS batch, times spawn -> POST .../response, then kills the child.
import http from 'node:http';
import { spawn } from 'node:child_process';

const [runs, label, command, ...args] = process.argv.slice(2);
const envelope = (id, account) => JSON.stringify({
  version: '0', id, 'detail-type': 'AWS Service Event via CloudTrail', source: 'aws.organizations',
  account: '111111111111', time: '2024-05-01T12:00:00Z', region: 'us-east-1', resources: [],
  detail: { eventName: 'CloseAccount', requestParameters: { accountId: account } } });
const record = (id, body) => ({
  messageId: id, receiptHandle: 'AQEB' + id, body, md5OfBody: '0', eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:111111111111:orgsync', awsRegion: 'us-east-1', messageAttributes: {},
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1714564800000', SenderId: 'AIDA', ApproximateFirstReceiveTimestamp: '1714564800000' } });
const payload = JSON.stringify({ Records: [record('m1', envelope('e1', '222222222222')), record('m2', envelope('e2', '333333333333'))] });

function once() {
  return new Promise((resolve, reject) => {
    let child, started, served = false, done = false;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => body += c);
      req.on('end', () => {
        if (req.method === 'GET' && req.url.endsWith('/invocation/next')) {
          if (served) return; // long poll: never answered; the child is killed below
          served = true;
          res.writeHead(200, {
            'Content-Type': 'application/json',
            'Lambda-Runtime-Aws-Request-Id': 'req-1',
            'Lambda-Runtime-Deadline-Ms': String(Date.now() + 30000),
            'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:111111111111:function:orgsync-sqs',
          });
          res.end(payload);
        } else if (req.method === 'POST' && req.url.includes('/invocation/req-1/')) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          res.writeHead(202).end();
          const kind = req.url.endsWith('/response') ? 'response' : 'error';
          finish(kind === 'response' ? null : new Error('invocation error: ' + body), ms);
        } else if (req.method === 'POST' && req.url.endsWith('/init/error')) {
          res.writeHead(202).end();
          finish(new Error('init error: ' + body));
        } else {
          res.writeHead(404).end();
        }
      });
    });
    const finish = (error, ms) => {
      if (done) return;
      done = true;
      child.kill('SIGKILL');
      server.close();
      server.closeAllConnections();
      error ? reject(error) : resolve(ms);
    };
    server.listen(0, '127.0.0.1', () => {
      const env = {
        PATH: process.env.PATH, HOME: process.env.HOME, DOTNET_ROOT: process.env.DOTNET_ROOT ?? '',
        AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${server.address().port}`, _HANDLER: 'sqs',
        ORGSYNC_TARGETS_FILE: process.env.TARGETS_FILE, AWS_REGION: 'us-east-1',
        AWS_LAMBDA_FUNCTION_NAME: 'orgsync-sqs', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512', AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      };
      started = process.hrtime.bigint();
      child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('error', error => finish(error));
      child.on('exit', code => finish(new Error(`the bootstrap exited (${code}) before answering`)));
    });
  });
}

const times = [];
try {
  for (let i = 0; i < Number(runs); i++) times.push(await once());
} catch (error) {
  console.error(`${label}: ${error.message}`);
  process.exit(1);
}
times.sort((a, b) => a - b);
const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
console.log(`${label.padEnd(38)} runs=${times.length}  min=${times[0].toFixed(0)} ms  median=${median.toFixed(0)} ms  max=${times.at(-1).toFixed(0)} ms`);
JS

export TARGETS_FILE="$work/targets.json"
echo "== spawn -> first response to a first SQS batch" >&2
node "$work/coldstart.mjs" "$runs" "self-contained composite-R2R trimmed" "$work/sc/bootstrap"
node "$work/coldstart.mjs" "$runs" "framework-dependent (dotnet dll)" dotnet "$work/fd/bootstrap.dll"
echo "== package sizes"
printf '%-38s %s\n' "self-contained composite-R2R trimmed" "$(du -sh "$work/sc" | cut -f1) ($(ls "$work/sc" | wc -l) files)"
printf '%-38s %s\n' "framework-dependent" "$(du -sh "$work/fd" | cut -f1) ($(ls "$work/fd" | wc -l) files)"
