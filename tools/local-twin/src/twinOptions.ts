// LocalTwin's options: what each means, its default, and the one place they are checked.
import path from 'node:path';
import { TwinOptionError } from './errors';
import { DEFAULT_PORTS, type TwinPorts } from './ports';

/** Where the workspace is: this file is tools/local-twin/src/LocalTwin.ts. */
export const WORKSPACE = path.resolve(__dirname, '../../..');

/** Options of {@link LocalTwin.start}; every one has a default. */
export interface LocalTwinOptions {
  /** The workspace whose config, registry and artifacts the twin serves. Default: this repository. */
  workspace?: string;
  /** Where the twin unpacks its functions and keeps its spool and journal. Default `<workspace>/tmp/local-twin`. */
  workDir?: string;
  /** Default 3002 (Lambda), 4567 (DynamoDB), 3100 (health page). */
  ports?: Partial<TwinPorts>;
  /** Share of processor invocations that fail on purpose, 0..1. Default 0. */
  faultRate?: number;
  /** Keep the tables in this DynamoDB API instead of an in-process dynalite. */
  dynamodbBackend?: string;
  /** The functions' LOG_LEVEL. Default `$LOG_LEVEL` or `warn`. */
  logLevel?: string;
  /** How long the wrapper waits for a processor (ms). Default 5000 (one process serves every function). */
  processorTimeoutMs?: number;
  /** Build the artifacts through Nx first (cached). Default true; false serves what is already built. */
  build?: boolean;
  /** Progress lines (one per start-up step). Default: silent. */
  log?: (line: string) => void;
}

/** The options once validated, every default applied. */
export type ResolvedOptions = Required<Omit<LocalTwinOptions, 'dynamodbBackend' | 'log' | 'ports'>> & Pick<LocalTwinOptions, 'dynamodbBackend' | 'log'> & { ports: TwinPorts };

export function validated(options: LocalTwinOptions): ResolvedOptions {
  const known = new Set(['workspace', 'workDir', 'ports', 'faultRate', 'dynamodbBackend', 'logLevel', 'processorTimeoutMs', 'build', 'log']);
  for (const key of Object.keys(options)) if (!known.has(key)) throw new TwinOptionError(`LocalTwin: unknown option ${JSON.stringify(key)}`);
  const workspace = path.resolve(options.workspace ?? WORKSPACE);
  const faultRate = options.faultRate ?? 0;
  if (!(faultRate >= 0 && faultRate <= 1)) throw new TwinOptionError(`LocalTwin: faultRate must be from 0 to 1, got ${faultRate}`);
  const processorTimeoutMs = options.processorTimeoutMs ?? 5000;
  if (!(Number.isInteger(processorTimeoutMs) && processorTimeoutMs > 0)) throw new TwinOptionError(`LocalTwin: processorTimeoutMs must be a positive integer, got ${processorTimeoutMs}`);
  const ports: TwinPorts = { ...DEFAULT_PORTS, ...options.ports };
  for (const [name, port] of Object.entries(ports)) {
    if (!(Number.isInteger(port) && port > 0 && port < 65536)) throw new TwinOptionError(`LocalTwin: ports.${name} must be a port number, got ${port}`);
  }
  return {
    workspace,
    workDir: path.resolve(options.workDir ?? path.join(workspace, 'tmp', 'local-twin')),
    ports,
    faultRate,
    dynamodbBackend: options.dynamodbBackend,
    logLevel: options.logLevel ?? process.env['LOG_LEVEL'] ?? 'warn',
    processorTimeoutMs,
    build: options.build ?? true,
    log: options.log,
  };
}
