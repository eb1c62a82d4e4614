// The local twin (`npm start`'s program) as the pipeline and adapter benchmarks use it: started on
// its own ports with nothing sent, polled through /counts.json, stopped with SIGINT.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const region = 'eu-central-1';

/** Polls `fn` until it returns a truthy value; throws `what` after `timeoutMs`. */
export async function until(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`bench: ${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts the local twin (by default with `--events 0`: nothing sent but what the benchmark sends)
 * and resolves once its health page answers. `stop()` resolves with what it printed on stdout.
 *
 * @returns {{ lambdaEndpoint: string, lambda: LambdaClient, counts: () => Promise<{ persisted: number, failed: number }>, items: () => Promise<object[]>, stop: () => Promise<string> }}
 */
export async function startLocalTwin({ workspace, ports, args = ['--events', '0'] }) {
  const child = spawn(
    process.execPath,
    [path.join(workspace, 'tools/local-twin/src/cli.mjs'), ...args, '--lambda-port', String(ports.lambda), '--dynamodb-port', String(ports.dynamodb), '--health-port', String(ports.health)],
    { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const health = `http://127.0.0.1:${ports.health}`;
  try {
    await until(async () => child.exitCode === null && (await fetch(`${health}/counts.json`)).ok, 180_000, 'the local twin starting');
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${stderr}`);
  }
  const lambdaEndpoint = `http://127.0.0.1:${ports.lambda}`;
  const dynamo = new DynamoDBClient({ endpoint: `http://127.0.0.1:${ports.dynamodb}`, region, credentials });
  return {
    lambdaEndpoint,
    lambda: new LambdaClient({ endpoint: lambdaEndpoint, region, credentials, maxAttempts: 1 }),
    counts: async () => (await fetch(`${health}/counts.json`)).json(),
    items: async () => {
      const items = [];
      let startKey;
      do {
        const page = await dynamo.send(new ScanCommand({ TableName: 'demo-hot', ExclusiveStartKey: startKey }));
        items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items;
    },
    stop: async () => {
      dynamo.destroy();
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
      return stdout;
    },
  };
}
