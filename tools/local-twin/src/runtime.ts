// What runs beside the functions while the twin is up: DynamoDB, the per-reading ledger fed by
// the services' journal, the adapters' metrics from the endpoint's log, and the background tick
// that keeps the ledger honest. LocalTwin owns one; nothing here knows about the CLI.
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type FailureRecord, circuitResetEvent, failureTableName, hotTableName } from '@twinflow/core';
import { LOCAL_CREDENTIALS, failureTableDefinition, persisterTableDefinitions, startDynamo } from './dynamo';
import { followEmfLog } from './emfMetrics';
import { SettleTimeoutError } from './errors';
import { readFailureRecords } from './failureRecords';
import { createLedger } from './ledger';
import { openJournal } from './ledgerJournal';
import type { TwinPorts } from './ports';
import { startConsoleFor } from './consoleSources';
import type { LocalTwin } from './LocalTwin';

/** The spool file of a twin's work directory. */
export const spoolFileOf = (workDir: string): string => path.join(workDir, 'failures-spool.jsonl');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts DynamoDB with the twin's tables, the ledger and its journal, and the metrics follower. */
export async function startRuntime(init: {
  workDir: string;
  workspace: string;
  twin: string;
  region: string;
  ports: TwinPorts;
  functionNames: { dispatcher: string; wrapper: string; persister: string };
  dynamodbBackend: string | undefined;
  /** The persister's package target just ran: its template is current. */
  packaged: boolean;
}) {
  const { workDir, workspace, twin, region, ports, functionNames } = init;
  const dynamo = await startDynamo({
    port: ports.dynamodb,
    region,
    tables: [...persisterTableDefinitions(workspace, { packaged: init.packaged }), failureTableDefinition(twin)],
    ...(init.dynamodbBackend ? { backendEndpoint: init.dynamodbBackend } : {}),
  });
  const closers: Array<() => unknown> = [() => dynamo.close()];
  const lambdaEndpoint = `http://127.0.0.1:${ports.lambda}`;
  const lambda = new LambdaClient({ endpoint: lambdaEndpoint, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
  closers.push(() => lambda.destroy());
  const hotTable = hotTableName(twin);
  const failureTable = failureTableName(twin);
  // Where failure records go while DynamoDB is unreachable (the local stand-in for Lambda's on-failure destination).
  const spoolFile = spoolFileOf(workDir);
  const journalFile = path.join(workDir, 'ledger.jsonl');
  const failures = (): Promise<FailureRecord[]> => readFailureRecords({ client: dynamo.client, table: failureTable, spoolFile }) as Promise<FailureRecord[]>;
  const ledger = createLedger({ client: dynamo.client, hotTable, functions: functionNames, readFailures: failures });
  const journal = openJournal(journalFile, (report) => ledger.report(report));
  closers.push(() => journal.close());
  const emf = followEmfLog(path.join(workDir, 'offline.log'));
  const startedAt = Date.now();
  let dynamoUp = true;
  let died: (message: string) => void = () => undefined;
  const dynamoDied = new Promise<string>((resolve) => (died = resolve));
  closers.push(
    dynamo.watch((error: Error) =>
      died(`DynamoDB (${init.dynamodbBackend ? dynamo.backendEndpoint : `dynalite behind 127.0.0.1:${ports.dynamodb}`}) stopped answering (${error.name}: ${error.message})`),
    ),
  );

  const counts = () => {
    const durationMs = Date.now() - startedAt;
    const c = ledger.counts();
    return { ...c, lost: null, durationMs, eventsPerSecond: Math.round((c.settled / Math.max(durationMs, 1)) * 1000 * 10) / 10 };
  };

  // The ledger's background work: read the journal, confirm reports against the tables and, when
  // nothing settled for a while, look at the tables themselves (a report may have been lost).
  let lastProbeAt = Date.now();
  let ticking = true;
  const tick = async (): Promise<void> => {
    while (ticking) {
      journal.drain();
      await ledger.verifyReported().catch(() => undefined);
      if (ledger.sinceProgressMs() > 2_000 && Date.now() - lastProbeAt > 5_000 && ledger.counts().inFlight > 0) {
        lastProbeAt = Date.now();
        await ledger.probe().catch(() => undefined);
      }
      await sleep(250);
    }
  };
  const ticker = tick();
  closers.push(async () => {
    ticking = false;
    await ticker;
  });

  const account = async () => {
    journal.drain();
    return { ...counts(), ...(await ledger.settle()), readings: ledger.readings() };
  };

  return {
    lambda,
    dynamo: dynamo.client,
    ledger,
    counts,
    account,
    failures,
    metrics: () => emf.snapshot(),
    dynamoDied,
    /** The environment every function of the twin runs with (serverless.yml's provider.environment). */
    environment: {
      TWIN_NAME: twin,
      STAGE: 'dev', // the default stage: the functions' names are the architecture's (demo-dispatcher, ...)
      FAILURE_STORE: 'dynamodb',
      FAILURE_TABLE: failureTable,
      FAILURE_SPOOL_FILE: spoolFile,
      LAMBDA_ENDPOINT: lambdaEndpoint,
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${ports.dynamodb}`,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      HOT_TABLE: hotTable,
      // The services' shims append each result here: the ledger's progress (checked against the tables at the end).
      TWIN_LEDGER_FILE: journalFile,
      // The services' metrics (Powertools EMF lines in offline.log) fill the health page: on even where POWERTOOLS_DEV is set.
      POWERTOOLS_METRICS_DISABLED: 'false',
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    } as Record<string, string>,
    dynamoAvailable: () => dynamoUp,
    async setDynamoAvailable(available: boolean): Promise<void> {
      await dynamo.setAvailable(available);
      dynamoUp = available;
    },
    /** Closes `twin`'s processor circuit for `device` in the wrapper (the wrapper's control event). */
    async resetCircuit(device: string): Promise<unknown> {
      const out = await lambda.send(new InvokeCommand({ FunctionName: functionNames.wrapper, Payload: Buffer.from(JSON.stringify(circuitResetEvent(twin, device))) }));
      return JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8') || 'null') as unknown;
    },
    /** Until no accepted reading is unsettled; see LocalTwin.waitUntilSettled. */
    async waitUntilSettled({ settleTimeoutS, pollMs, ended }: { settleTimeoutS: number; pollMs: number; ended: Promise<{ error: Error }> }) {
      let endedWith: Error | undefined;
      void ended.then(({ error }) => (endedWith = error));
      for (;;) {
        if (endedWith) throw endedWith;
        journal.drain();
        await ledger.verifyReported().catch(() => undefined);
        const { inFlight } = ledger.counts();
        if (inFlight === 0) return account();
        if (ledger.sinceProgressMs() > settleTimeoutS * 1000) throw new SettleTimeoutError(inFlight, settleTimeoutS);
        await sleep(pollMs);
      }
    },
    startConsole: async (twinObject: LocalTwin): Promise<void> => {
      const server = await startConsoleFor(twinObject, { port: ports.health, failures, metrics: () => emf.snapshot(), account, dynamo: dynamo.client, lambda });
      closers.push(() => server.close());
    },
    async close(): Promise<void> {
      for (const close of closers.splice(0).reverse()) await Promise.resolve(close()).catch(() => undefined);
    },
  };
}

/** The running runtime of a LocalTwin. */
export type TwinRuntime = Awaited<ReturnType<typeof startRuntime>>;
