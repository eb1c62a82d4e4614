// Command-line flags of `npm start` (the local twin), parsed with node:util parseArgs.
import { parseArgs } from 'node:util';
import { TwinOptionError } from './errors';
import { DEFAULT_PORTS } from './ports';

export const HELP = `twinflow local twin — the whole pipeline on this machine

Usage: npm start -- [options]

  --events N          send N readings, then stop sending (default: keep sending until Ctrl-C)
  --rate R            readings per second (default 20)
  --batch B           readings per message, as a gateway batches them (default 1: one reading
                      per message, as a device publishes); the dispatcher takes the array
  --max-in-flight N   hold the simulator back while N readings are unsettled (default 100), so a
                      slow machine slows the simulator instead of parking readings as timeouts;
                      0 sends at --rate whatever happens
  --exit              exit once every accepted reading is stored or parked, checked reading by
                      reading against both tables; exit code 0 only if none is missing and the
                      endpoint refused none
  --fault-rate F      share of processor invocations that fail on purpose, 0..1 (default 0)
  --json              print the summary as one JSON line (with failedByReason: parked readings by reason)
  --lambda-port P     Lambda API (serverless-offline) port (default 3002)
  --dynamodb-port P   DynamoDB (dynalite) port (default 4567)
  --health-port P     health page port (default 3100)
  --dynamodb-backend URL  keep the tables in this DynamoDB API (e.g. a dynalite or DynamoDB Local you
                      run) instead of an in-process dynalite; the twin still serves them on
                      --dynamodb-port, and they outlive the twin
  --work-dir DIR      where the twin builds its functions and keeps its spool file (default
                      tmp/local-twin); give each twin that runs beside another its own
  --settle-timeout S  with --exit: seconds without progress before the rest counts as lost (default 30)
  -h, --help          this help

While it runs: http://127.0.0.1:3100/ (health page), /health.json, /counts.json (counts only),
  PUT /admin/faults {"rate":0,"devices":{"thermostat-1":1},"kinds":{"thermostat-1":"stray-rejection"}}
  changes fault rates (and a device's fault kind: crash, invalid-output, hang, hang-past-timeout,
  stray-rejection, uncaught-exception) live,
  PUT /admin/dynamodb {"available":false} stops DynamoDB (data kept) until {"available":true}, and the real AWS CLI works with
  aws lambda invoke --endpoint-url http://127.0.0.1:3002 --function-name demo-dispatcher ...
  aws dynamodb scan --endpoint-url http://127.0.0.1:4567 --table-name demo-hot
`;

/** What `npm start` was asked to do. */
export interface CliOptions {
  events: number | undefined;
  rate: number;
  batch: number;
  maxInFlight: number;
  exit: boolean;
  faultRate: number;
  json: boolean;
  lambdaPort: number;
  dynamodbPort: number;
  healthPort: number;
  settleTimeoutS: number;
  dynamodbBackend: string | undefined;
  workDir: string | undefined;
  help: boolean;
}

type NumericKey = 'events' | 'rate' | 'batch' | 'maxInFlight' | 'faultRate' | 'lambdaPort' | 'dynamodbPort' | 'healthPort' | 'settleTimeoutS';

const isPort = (v: number): boolean => Number.isInteger(v) && v > 0 && v < 65536;

/** Each numeric flag: the option it sets and the values it takes. */
const NUMERIC: Record<string, [NumericKey, (v: number) => boolean]> = {
  events: ['events', (v) => Number.isInteger(v) && v >= 0],
  rate: ['rate', (v) => v > 0 && v <= 10_000],
  batch: ['batch', (v) => Number.isInteger(v) && v >= 1 && v <= 500],
  'max-in-flight': ['maxInFlight', (v) => Number.isInteger(v) && v >= 0],
  'fault-rate': ['faultRate', (v) => v >= 0 && v <= 1],
  'lambda-port': ['lambdaPort', isPort],
  'dynamodb-port': ['dynamodbPort', isPort],
  'health-port': ['healthPort', isPort],
  'settle-timeout': ['settleTimeoutS', (v) => v > 0],
};

/** The defaults, as HELP documents them. */
export const DEFAULT_CLI_OPTIONS: Readonly<CliOptions> = {
  events: undefined,
  rate: 20,
  batch: 1,
  maxInFlight: 100,
  exit: false,
  faultRate: 0,
  json: false,
  lambdaPort: DEFAULT_PORTS.lambda,
  dynamodbPort: DEFAULT_PORTS.dynamodb,
  healthPort: DEFAULT_PORTS.health,
  settleTimeoutS: 30,
  dynamodbBackend: undefined,
  workDir: undefined,
  help: false,
};

/** Parses argv into options; throws a TwinOptionError with a clear message for a bad flag. */
export function parseOptions(argv: readonly string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.keys(NUMERIC).map((flag) => [flag, { type: 'string' as const }])),
        exit: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        'work-dir': { type: 'string' },
        'dynamodb-backend': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new TwinOptionError(`${describeParseError(error as Error & { code?: string })} (see npm start -- --help)`);
  }
  const options: CliOptions = { ...DEFAULT_CLI_OPTIONS, exit: values['exit'] === true, json: values['json'] === true, help: values['help'] === true };
  for (const [flag, [key, valid]] of Object.entries(NUMERIC)) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || !valid(value)) throw new TwinOptionError(`--${flag}: invalid value ${JSON.stringify(raw)}`);
    options[key] = value;
  }
  const workDir = values['work-dir'];
  if (workDir !== undefined) {
    if (typeof workDir !== 'string' || workDir.trim() === '') throw new TwinOptionError('--work-dir: expected a directory');
    options.workDir = workDir;
  }
  const backend = values['dynamodb-backend'];
  if (backend !== undefined) {
    if (typeof backend !== 'string' || !/^https?:\/\/[^\s/]+/.test(backend)) throw new TwinOptionError(`--dynamodb-backend: expected an http(s) URL, got ${JSON.stringify(backend)}`);
    options.dynamodbBackend = backend;
  }
  return options;
}

/** parseArgs' messages, in the words `npm start` has always used. */
function describeParseError(error: Error & { code?: string }): string {
  const unknown = /Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return `unknown option ${JSON.stringify(unknown[1])}`;
  const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(error.message);
  if (missing) return `${missing[1]}: invalid value ""`;
  const ambiguous = /Option '(--[\w-]+)' argument is ambiguous/.exec(error.message);
  if (ambiguous) return `${ambiguous[1]}: invalid value (write a value that starts with "-" as ${ambiguous[1]}=VALUE)`;
  const noValue = /Option '(--[\w-]+)' does not take an argument/.exec(error.message);
  if (noValue) return `${noValue[1]} takes no value`;
  return error.message;
}
