// The console's admin routes: fault injection, stopping DynamoDB, swapping a processor's code
// (`nx run processor-<device>:deploy -c local`), replaying parked readings. Each body is
// validated here, once, and a bad one is refused with a ConsoleRequestError naming the field.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { DEVICE_ID_PATTERN, REPLAY_TARGETS, UnknownDeviceError, ValidationError, isDeviceId, type FailureStage } from '@twinflow/core';
import * as z from 'zod/mini';
import { FAULT_KINDS } from '../shims/processorFaults';
import { ConsoleRequestError } from './errors';
import { replayOutcome } from './renderParked';
import type { ConsoleSources, ReplaySelection } from './sources';

/** A request to an admin route: the body already read. */
export type AdminRequest = { method: string; path: string; body: string; contentType: string };

/** An admin route's answer; `replayOutcome` is set after a replay (a form post shows it in the page). */
export type AdminAnswer = { status: number; type: string; body: string; replayOutcome?: string };

const RATE = 'expected a number from 0 to 1';
const rate = z.number({ error: RATE }).check(z.minimum(0, { error: RATE }), z.maximum(1, { error: RATE }));
const objectError = (issue: { code?: string; keys?: string[] }): string =>
  issue.code === 'unrecognized_keys' ? `unknown field(s) ${(issue.keys ?? []).join(', ')}` : 'expected a JSON object';
const faultsBody = z.strictObject(
  {
    rate: z.optional(rate),
    devices: z.optional(z.record(z.string(), rate, { error: 'expected an object of device id → rate' })),
    kinds: z.optional(z.record(z.string(), z.enum(FAULT_KINDS, { error: `expected one of ${FAULT_KINDS.join(', ')}` }), { error: 'expected an object of device id → kind' })),
  },
  { error: objectError },
);
const dynamoBody = z.strictObject({ available: z.boolean({ error: 'expected true or false' }) }, { error: objectError });
const deployBody = z.strictObject(
  { zipPath: z.string({ error: 'expected the path of the zip' }), sha256: z.optional(z.string({ error: 'expected a hex SHA-256' })) },
  { error: objectError },
);
const STAGES = Object.keys(REPLAY_TARGETS) as FailureStage[];
const replayBody = z.strictObject(
  {
    reason: z.optional(z.string({ error: 'expected a reason' }).check(z.minLength(1, { error: 'expected a reason' }))),
    device: z.optional(z.string({ error: 'expected a device id' })),
    stage: z.optional(z.enum(STAGES, { error: `expected one of ${STAGES.join(', ')}` })),
  },
  { error: objectError },
);

function parse<T>(schema: z.ZodMiniType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  throw new ConsoleRequestError(400, `${field === '' ? 'body' : field}: ${issue?.message ?? 'invalid'}`);
}

function readJson(body: string): unknown {
  try {
    return body.trim() === '' ? {} : (JSON.parse(body) as unknown);
  } catch {
    throw new ConsoleRequestError(400, 'body: expected JSON');
  }
}

function assertDevice(field: string, device: string): void {
  if (!isDeviceId(device)) throw new ConsoleRequestError(400, `${field}: expected a device id matching ${DEVICE_ID_PATTERN}, got ${JSON.stringify(String(device).slice(0, 60))}`);
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed escapes: refused as a device id below
  }
}

const text = (status: number, body: string): AdminAnswer => ({ status, type: 'text/plain; charset=utf-8', body });

/** A replay selection from a JSON body or a form post (empty fields are left out). */
export function readReplaySelection(body: string, contentType: string): ReplaySelection {
  const raw = contentType.startsWith('application/x-www-form-urlencoded')
    ? Object.fromEntries([...new URLSearchParams(body)].filter(([, value]) => value !== ''))
    : readJson(body);
  const selection = parse(replayBody, raw);
  if (selection.device !== undefined) assertDevice('device', selection.device);
  return Object.fromEntries(Object.entries(selection).filter(([, value]) => value !== undefined)) as ReplaySelection;
}

/**
 * Answers an admin route, or `undefined` when `request` is for none. Throws
 * {@link ConsoleRequestError} for bad input; a source's own `ConsoleRequestError`,
 * `UnknownDeviceError` (404) or `ValidationError` (400) is passed on as such.
 */
export async function answerAdmin(request: AdminRequest, sources: ConsoleSources): Promise<AdminAnswer | undefined> {
  const { method, path } = request;
  if (method === 'PUT' && path === '/admin/faults') {
    const body = parse(faultsBody, readJson(request.body));
    for (const field of ['devices', 'kinds'] as const) for (const device of Object.keys(body[field] ?? {})) assertDevice(`${field}.${device}`, device);
    const [rate, devices, kinds] = [body.rate ?? 0, body.devices ?? {}, body.kinds ?? {}];
    try {
      sources.setFaults(rate, devices, kinds);
    } catch (error) {
      throw new ConsoleRequestError(400, error instanceof Error ? error.message : String(error), { cause: error });
    }
    return text(200, `fault rate ${rate} ${JSON.stringify(devices)}${body.kinds ? ` kinds ${JSON.stringify(kinds)}` : ''}`);
  }
  if (method === 'PUT' && path === '/admin/dynamodb') {
    const { available } = parse(dynamoBody, readJson(request.body));
    await sources.setDynamoAvailable(available);
    return text(200, `DynamoDB ${available ? 'available' : 'stopped'}`);
  }
  const deploy = /^\/admin\/processors\/([^/]*)$/.exec(path);
  if (method === 'PUT' && deploy) return deployProcessor(decodePathSegment(deploy[1] ?? ''), request.body, sources);
  if (method === 'POST' && path === '/admin/replay') {
    const selection = readReplaySelection(request.body, request.contentType);
    const summary = await sources.replay(selection);
    const outcome = replayOutcome(selection, summary);
    return { status: 200, type: 'application/json', body: JSON.stringify({ selection, summary, outcome }), replayOutcome: outcome };
  }
  return undefined;
}

async function deployProcessor(device: string, rawBody: string, sources: ConsoleSources): Promise<AdminAnswer> {
  assertDevice('device id', device);
  if (sources.functionNames.processors[device] === undefined) {
    throw new ConsoleRequestError(404, `device ${device} is not served by this twin (restart it after generating the processor)`);
  }
  const body = parse(deployBody, readJson(rawBody));
  if (!existsSync(body.zipPath)) return text(400, 'zipPath: no such file');
  const sha256 = createHash('sha256').update(readFileSync(body.zipPath)).digest('hex');
  if (body.sha256 !== undefined && body.sha256 !== sha256) return text(400, `sha256 mismatch: zip is ${sha256}`);
  try {
    const { version } = await sources.deployProcessor(device, body.zipPath, sha256);
    return text(200, `version ${version}`);
  } catch (error) {
    if (error instanceof UnknownDeviceError) throw new ConsoleRequestError(404, error.message, { cause: error });
    if (error instanceof ValidationError) throw new ConsoleRequestError(400, error.message, { cause: error });
    throw error;
  }
}
