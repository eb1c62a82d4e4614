// An emulated AWS account for e2e tests: moto's server (`moto_server`, moto 5.2.1 with its server
// extras) on a free local port, answering SQS, Lambda, DynamoDB, IAM, CloudFormation ... at one
// endpoint. Point the SDK at it with AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_<SERVICE>) and dummy
// credentials. Without Docker, moto's Lambda stores functions but cannot run their code.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { freePort } from './freePort';

/** A running moto server. */
export interface MotoServer {
  /** `http://127.0.0.1:{port}`: the endpoint of every emulated service. */
  endpoint: string;
  port: number;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s); resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link startMoto}. */
export interface StartMotoOptions {
  /** Port to listen on. Default: a free one. */
  port?: number;
  /** How long to wait for the server to answer, ms. Default 30 000. */
  startTimeoutMs?: number;
}

export const MOTO_NOT_FOUND = "moto_server not found on PATH: moto 5.2.1 with its server extras is required (pip install 'moto[server]==5.2.1')";

/**
 * Starts `moto_server -H 127.0.0.1 -p <port>` and resolves once it answers HTTP.
 *
 * @throws Error {@link MOTO_NOT_FOUND} when `moto_server` is not on PATH (tests fail, never skip)
 * @example
 * ```ts
 * const moto = await startMoto();
 * const sqs = new SQSClient({ endpoint: moto.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
 * // ...
 * await moto.stop();
 * ```
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const executable = findOnPath('moto_server');
  if (executable === undefined) throw new Error(MOTO_NOT_FOUND);
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = `${output}${chunk.toString()}`.slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new Error(MOTO_NOT_FOUND) : err));
  });
  const stop = async (): Promise<void> => stopProcess(child, exited);
  try {
    await Promise.race([waitUntilAnswering(endpoint, child, options.startTimeoutMs ?? 30_000, () => output), spawnError]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, port, stop };
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`moto_server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`moto_server did not answer at ${endpoint} within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

