// The whole twinflow pipeline on this machine as one typed object: DynamoDB (dynalite behind the
// twin's front), the shipped artifacts on one serverless-offline Lambda endpoint under their real
// names, the per-reading ledger and the operator console. `npm start`, the e2e suites and the
// benchmarks all drive this class.
import path from 'node:path';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { type DeviceEntry, type FailureRecord, failureTableName, hotTableName, loadDeviceRegistry, loadTwinConfig } from '@twinflow/core';
import { type Artifact, SERVICE_APPS, buildArtifacts, processorArtifact, serviceArtifact } from './artifacts';
import { TwinComponentDiedError, TwinOptionError, TwinStartError } from './errors';
import { bundleShims, installProcessor, installService, resetWorkDir, shimFile, writeFaults, writeServerlessConfig } from './functions';
import { type OfflineEndpoint, startOffline } from './offline';
import { type TwinPorts, assertPortsFree } from './ports';
import { watchRegistry } from './registryWatch';
import { type TwinRuntime, spoolFileOf, startRuntime } from './runtime';
import { readingFactory } from './samples';
import type { FaultSettings } from './shims/processorFaults';
import { type ReadingFactory, type SimulatedReading, type Simulation, identitiesOf, startSimulator } from './simulator';
import { type LocalTwinOptions, type ResolvedOptions, validated } from './twinOptions';
import { type TwinEndpoints, type TwinFunctionNames, endpointsOf, functionNamesOf } from './twinNames';

/** How the twin ended by itself (a component died), for `ended`. */
export type TwinEnded = { error: TwinComponentDiedError };

/** The options of {@link LocalTwin.simulate}. */
export interface SimulateOptions {
  rate: number;
  events?: number;
  batch?: number;
  maxInFlight?: number;
}

/**
 * The local twin. Start it, send readings, read the ledger's account, stop it.
 *
 * @example
 * ```ts
 * const twin = await LocalTwin.start({ ports: { lambda: 33002, dynamodb: 34567, health: 33100 } });
 * try {
 *   await twin.send([{ device_id: 'thermostat-1', timestamp: new Date().toISOString(), temperature: 70 }]);
 *   const account = await twin.waitUntilSettled();
 *   console.log(account.persisted, account.lost); // 1 0
 * } finally {
 *   await twin.stop();
 * }
 * ```
 */
export class LocalTwin {
  /** The twin's name (config/twin.json). */
  public readonly twin: string;
  public readonly region: string;
  public readonly devices: readonly DeviceEntry[];
  public readonly workDir: string;
  public readonly workspace: string;
  public readonly endpoints: TwinEndpoints;
  public readonly ports: TwinPorts;
  public readonly hotTable: string;
  public readonly failureTable: string;
  public readonly functionNames: TwinFunctionNames;
  /** Readings sent by this twin's simulator are `sim-<runId>-<seq>`. */
  public readonly runId: string;
  public readonly startedAt: number;
  /** The Lambda API (serverless-offline), as any SDK client reaches it. */
  public readonly lambda: LambdaClient;
  /** Resolves when a component dies by itself (the endpoint, DynamoDB); never while the twin is healthy. */
  public readonly ended: Promise<TwinEnded>;
  /** Where failure records go while DynamoDB is unreachable (the stand-in for Lambda's on-failure destination). */
  public readonly spoolFile: string;
  /** Every artifact the twin serves, as `serverless deploy` would upload it (processors: their current code). */
  public readonly artifacts: Map<string, Artifact & { installedIn: string }>;

  private readonly cleanups: Array<() => unknown>;
  private readonly runtime: TwinRuntime;
  private readonly readingOf: ReadingFactory;
  private readonly offline: OfflineEndpoint;
  private faultSettings: FaultSettings;
  private simulation: Simulation | undefined;
  private stopped = false;
  private registryWatcher: { close(): void } | undefined;

  private constructor(init: {
    options: ResolvedOptions;
    twin: string;
    region: string;
    devices: readonly DeviceEntry[];
    runtime: TwinRuntime;
    offline: OfflineEndpoint;
    artifacts: LocalTwin['artifacts'];
    readingOf: ReadingFactory;
    cleanups: Array<() => unknown>;
    startedAt: number;
    faults: FaultSettings;
  }) {
    const { options } = init;
    this.workspace = options.workspace;
    this.workDir = options.workDir;
    this.spoolFile = spoolFileOf(options.workDir);
    this.ports = options.ports;
    this.twin = init.twin;
    this.region = init.region;
    this.devices = init.devices;
    this.hotTable = hotTableName(init.twin);
    this.failureTable = failureTableName(init.twin);
    this.functionNames = functionNamesOf(init.twin, init.devices);
    this.endpoints = endpointsOf(options.ports);
    this.runtime = init.runtime;
    this.offline = init.offline;
    this.artifacts = init.artifacts;
    this.readingOf = init.readingOf;
    this.cleanups = init.cleanups;
    this.startedAt = init.startedAt;
    this.runId = init.startedAt.toString(36);
    this.faultSettings = init.faults;
    this.lambda = init.runtime.lambda;
    this.ended = Promise.race([
      init.offline.exited.then(({ code, signal }) => ({
        error: new TwinComponentDiedError(`serverless-offline (the Lambda endpoint on 127.0.0.1:${options.ports.lambda}) exited with ${signal ?? `code ${code}`}; see ${path.join(options.workDir, 'offline.log')}`, 'endpoint'),
      })),
      init.runtime.dynamoDied.then((message) => ({ error: new TwinComponentDiedError(message, 'dynamodb') })),
    ]);
  }

  /**
   * Starts the twin and resolves once every function answers. Rejects with a TwinOptionError for
   * bad options, a ConfigError for a broken config/twin.json or registry, a TwinStartError when a
   * port is taken, a build fails or the endpoint never answers — with nothing left running.
   */
  public static async start(options: LocalTwinOptions = {}): Promise<LocalTwin> {
    const o = validated(options);
    const log = o.log ?? (() => undefined);
    const startedAt = Date.now();
    const twinConfig = loadTwinConfig(path.join(o.workspace, 'config/twin.json'));
    const devices = loadDeviceRegistry(path.join(o.workspace, 'config/config_iot_devices.json'));
    if (devices.length === 0) throw new TwinStartError('config/config_iot_devices.json has no devices: add one with `npx nx g processor <device>`');
    await assertPortsFree(o.ports);
    const twin = twinConfig.twinName;
    const names = functionNamesOf(twin, devices);
    const cleanups: Array<() => unknown> = [];
    const runCleanups = async (): Promise<void> => {
      for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    };
    try {
      log(`twinflow local twin "${twin}": ${devices.length} device(s) — ${devices.map((d) => d.id).join(', ')}`);
      resetWorkDir(o.workDir);
      const faults = writeFaults(o.workDir, o.faultRate);

      let step = Date.now();
      if (o.build) {
        const built = await buildArtifacts(o.workspace, devices.map((d) => d.id));
        log(`  ✓ built ${built.total} artifacts with Nx (${built.fromCache} from cache): nx run-many -t package build (${Date.now() - step} ms)`);
      }
      step = Date.now();
      const runtime = await startRuntime({ workDir: o.workDir, workspace: o.workspace, twin, region: twinConfig.region, ports: o.ports, functionNames: names, dynamodbBackend: o.dynamodbBackend, packaged: o.build });
      cleanups.push(() => runtime.close());
      log(`  ✓ DynamoDB${o.dynamodbBackend ? ` (data in ${o.dynamodbBackend})` : ' (dynalite)'} on 127.0.0.1:${o.ports.dynamodb}: ${hotTableName(twin)}, ${failureTableName(twin)} (${Date.now() - step} ms)`);

      step = Date.now();
      const artifacts: LocalTwin['artifacts'] = new Map();
      await bundleShims(o.workDir, o.workspace);
      for (const app of SERVICE_APPS) {
        const artifact = await serviceArtifact(o.workspace, app);
        installService(o.workDir, app, artifact);
        artifacts.set(artifact.functionName, { ...artifact, installedIn: path.join(o.workDir, 'functions', 'apps', app) });
      }
      for (const device of devices) {
        const artifact = await processorArtifact(o.workspace, twin, device);
        const { dir } = installProcessor(o.workDir, device.id, artifact);
        artifacts.set(artifact.functionName, { ...artifact, installedIn: dir });
      }
      writeServerlessConfig(o.workDir, {
        region: twinConfig.region,
        functions: [...artifacts.values()].map((a) => ({
          key: a.project,
          name: a.functionName,
          handler: a.device !== undefined ? `functions/processors/${a.device}.handler` : `functions/${a.project}.handler`,
          timeoutS: a.timeoutS,
        })),
        environment: {
          ...runtime.environment,
          LOG_LEVEL: o.logLevel,
          RETENTION_DAYS: twinConfig.retentionDays,
          PROCESSOR_TIMEOUT_MS: o.processorTimeoutMs,
        },
      });
      log(`  ✓ unpacked ${SERVICE_APPS.length} service and ${devices.length} processor artifacts under ${path.relative(o.workspace, o.workDir) || o.workDir} (${Date.now() - step} ms)`);

      step = Date.now();
      const offline = await startOffline({ dir: o.workDir, lambdaPort: o.ports.lambda, readyFunction: names.dispatcher, watchdog: shimFile(o.workDir, 'parentWatchdog'), perInvocationLines: o.logLevel === 'debug' || o.logLevel === 'info' });
      cleanups.push(() => offline.stop());
      // Load every service once before the first reading, so no reading waits behind a cold start.
      await Promise.all([names.dispatcher, names.wrapper, names.persister].map((name) => runtime.lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"action":"health"}') }))));
      log(`  ✓ Lambda API (serverless-offline) on ${endpointsOf(o.ports).lambda}: ${artifacts.size} functions (${Date.now() - step} ms)`);

      const localTwin = new LocalTwin({ options: o, twin, region: twinConfig.region, devices, runtime, offline, artifacts, readingOf: readingFactory(o.workspace, devices, log), cleanups, startedAt, faults });
      await runtime.startConsole(localTwin);
      log(`  ✓ health page on ${localTwin.endpoints.health}/ (JSON: /health.json, /counts.json)`);
      localTwin.registryWatcher = watchRegistry(path.join(o.workspace, 'config/config_iot_devices.json'), devices.map((d) => d.id), log);
      return localTwin;
    } catch (error) {
      await runCleanups();
      throw error;
    }
  }

  /** The ledger's live counts (no table read). */
  /** The processes the twin runs on: this one (DynamoDB, ledger, console) and the Lambda endpoint (every function), e.g. to watch their memory. */
  public processIds(): { twin: number; endpoint: number | undefined } {
    return { twin: process.pid, endpoint: this.offline.child.pid };
  }

  public counts(): ReturnType<TwinRuntime['counts']> {
    return this.runtime.counts();
  }

  /** Settled readings per device since the start. */
  public countsByDevice(): ReturnType<TwinRuntime['ledger']['countsByDevice']> {
    return this.runtime.ledger.countsByDevice();
  }

  /** The newest readings found stored, newest first (their keys, for a lookup by key). */
  public newestStored(): Array<{ deviceId: string; timestamp: string; eventId: string }> {
    return this.runtime.ledger.newestStored();
  }

  /** Every accepted reading with where it stands, from the ledger alone (no table read). */
  public readings(): ReturnType<TwinRuntime['ledger']['readings']> {
    return this.runtime.ledger.readings();
  }

  /** The readings the endpoint refused (never accepted), by event id. */
  public rejectedIds(): string[] {
    return this.runtime.ledger.rejectedIds();
  }

  /** Every record in the failure store (the table and the spool file). */
  public failures(): Promise<FailureRecord[]> {
    return this.runtime.failures();
  }

  /** The account, checked reading by reading against both tables (as `--exit` prints it). */
  public account(): ReturnType<TwinRuntime['account']> {
    return this.runtime.account();
  }

  /**
   * Sends readings to the dispatcher as the IoT rule does (asynchronous invocations), one per
   * message, or `batch` per message as a gateway sends them; each reading is tracked by identity.
   * Readings without an `eventId` get `sent-<runId>-<n>`. Resolves once the endpoint answered
   * each message; `refused` counts the readings the endpoint did not accept.
   */
  public async send(readings: ReadonlyArray<Record<string, unknown>>, { batch = 1 }: { batch?: number } = {}): Promise<{ sent: number; refused: number }> {
    const prepared = readings.map((r, i) => ({ ...r, eventId: typeof r['eventId'] === 'string' ? r['eventId'] : `sent-${this.runId}-${this.sentByHand + i}` }) as SimulatedReading);
    this.sentByHand += readings.length;
    let refused = 0;
    const messages: SimulatedReading[][] = [];
    for (let i = 0; i < prepared.length; i += batch) messages.push(prepared.slice(i, i + batch));
    await Promise.all(
      messages.map(async (message) => {
        const ids = identitiesOf(message);
        this.runtime.ledger.sending(ids);
        try {
          await this.lambda.send(new InvokeCommand({ FunctionName: this.functionNames.dispatcher, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(batch === 1 ? message[0] : message)) }));
          this.runtime.ledger.sent(ids);
        } catch {
          refused += message.length;
          this.runtime.ledger.refused(ids);
        }
      }),
    );
    return { sent: prepared.length, refused };
  }
  private sentByHand = 0;

  /** Starts the simulator: readings of each device's sample shape, round-robin, at `rate` per second. */
  public simulate(options: SimulateOptions): Simulation {
    if (this.simulation !== undefined) throw new TwinOptionError('LocalTwin.simulate: a simulation is already running');
    this.simulation = startSimulator({
      client: this.lambda,
      functionName: this.functionNames.dispatcher,
      devices: this.devices.map((d) => d.id),
      rate: options.rate,
      events: options.events,
      batch: options.batch ?? 1,
      maxInFlight: options.maxInFlight ?? 0,
      inFlight: () => this.runtime.counts().inFlight,
      tracker: this.runtime.ledger,
      readingOf: this.readingOf,
      runId: this.runId,
    });
    return this.simulation;
  }

  /**
   * Waits until every accepted reading is stored or parked, then returns the account checked
   * against both tables. Rejects with a SettleTimeoutError after `settleTimeoutS` without
   * progress, or the component's error when the endpoint or DynamoDB dies meanwhile.
   */
  public async waitUntilSettled({ settleTimeoutS = 30, pollMs = 100 }: { settleTimeoutS?: number; pollMs?: number } = {}): ReturnType<TwinRuntime['account']> {
    return this.runtime.waitUntilSettled({ settleTimeoutS, pollMs, ended: this.ended });
  }

  /** The faults injected right now. */
  public faults(): FaultSettings {
    return this.faultSettings;
  }

  /** Sets the processors' fault rate (and per device rates and kinds); a TwinOptionError names a bad entry. */
  public setFaults(rate: number, devices: Record<string, number> = {}, kinds: Record<string, string> = {}): void {
    this.faultSettings = writeFaults(this.workDir, rate, devices, kinds);
  }

  /** Stops DynamoDB (data kept: clients get connection errors) or brings it back. */
  public setDynamoAvailable(available: boolean): Promise<void> {
    return this.runtime.setDynamoAvailable(available);
  }

  /** Whether DynamoDB answers right now. */
  public dynamoAvailable(): boolean {
    return this.runtime.dynamoAvailable();
  }

  /**
   * Serves the processor zip at `zipPath` as `device`'s code from the next invocation on (what
   * `nx run processor-<device>:deploy -c local` does; given `sha256`, the zip must match it), then closes that processor's circuit in the
   * wrapper: new code gets a fresh start instead of waiting out a cool-down earned by the old.
   */
  public async deployProcessor(device: string, zipPath: string, sha256?: string): Promise<{ version: string; circuit: unknown }> {
    const entry = this.devices.find((d) => d.id === device);
    if (entry === undefined) throw new TwinOptionError(`device ${device} is not served by this twin (restart npm start after generating it)`);
    const artifact = await processorArtifact(this.workspace, this.twin, entry, zipPath);
    if (sha256 !== undefined && sha256 !== artifact.sha256) throw new TwinOptionError(`sha256 mismatch: zip is ${artifact.sha256}`);
    const { version, dir } = installProcessor(this.workDir, device, artifact);
    this.artifacts.set(artifact.functionName, { ...artifact, installedIn: dir });
    const circuit = await this.runtime.resetCircuit(device);
    return { version, circuit };
  }

  /** Stops everything the twin started (idempotent). */
  public async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.registryWatcher?.close();
    await this.simulation?.stop();
    for (const cleanup of this.cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  }

}

