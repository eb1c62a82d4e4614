// Command-line flags of `npm start` (the local twin).
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

const NUMERIC = {
  '--events': ['events', (v) => Number.isInteger(v) && v >= 0],
  '--rate': ['rate', (v) => v > 0 && v <= 10_000],
  '--batch': ['batch', (v) => Number.isInteger(v) && v >= 1 && v <= 500],
  '--max-in-flight': ['maxInFlight', (v) => Number.isInteger(v) && v >= 0],
  '--fault-rate': ['faultRate', (v) => v >= 0 && v <= 1],
  '--lambda-port': ['lambdaPort', isPort],
  '--dynamodb-port': ['dynamodbPort', isPort],
  '--health-port': ['healthPort', isPort],
  '--settle-timeout': ['settleTimeoutS', (v) => v > 0],
};

function isPort(v) {
  return Number.isInteger(v) && v > 0 && v < 65536;
}

/** Parses argv into options; throws an Error with a clear message for a bad flag. */
export function parseOptions(argv) {
  const options = {
    events: undefined,
    rate: 20,
    batch: 1,
    maxInFlight: 100,
    exit: false,
    faultRate: 0,
    json: false,
    lambdaPort: 3002,
    dynamodbPort: 4567,
    healthPort: 3100,
    settleTimeoutS: 30,
    dynamodbBackend: undefined,
    workDir: undefined,
    help: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--exit') options.exit = true;
    else if (flag === '--json') options.json = true;
    else if (flag === '-h' || flag === '--help') options.help = true;
    else if (flag === '--work-dir') {
      const raw = inline ?? argv[++i];
      if (raw === undefined || raw.trim() === '') throw new Error('--work-dir: expected a directory');
      options.workDir = raw;
    } else if (flag === '--dynamodb-backend') {
      const raw = inline ?? argv[++i];
      if (raw === undefined || !/^https?:\/\/[^\s/]+/.test(raw)) throw new Error(`--dynamodb-backend: expected an http(s) URL, got ${JSON.stringify(raw ?? '')}`);
      options.dynamodbBackend = raw;
    }
    else if (flag in NUMERIC) {
      const [key, valid] = NUMERIC[flag];
      const raw = inline ?? argv[++i];
      const value = Number(raw);
      if (raw === undefined || !Number.isFinite(value) || !valid(value)) throw new Error(`${flag}: invalid value ${JSON.stringify(raw ?? '')}`);
      options[key] = value;
    } else throw new Error(`unknown option ${JSON.stringify(argv[i])} (see npm start -- --help)`);
  }
  return options;
}
