import { createHash } from 'node:crypto';
import { describeValue, NameTooLongError, ValidationError } from './errors';
import {
  assertDeviceId,
  assertStage,
  assertTwinName,
  DEFAULT_STAGE,
  REGION_PATTERN,
  dispatcherFunctionName,
  failureQueueName,
  hotTableName,
  persisterFunctionName,
  processorFunctionName,
  stageSuffix,
  wrapperFunctionName,
} from './naming';

/**
 * AWS's length limits for the names twinflow derives, in characters. Every derived name is
 * checked against these before anything is generated or deployed ({@link checkDeploymentNames}).
 */
export const AWS_NAME_LIMITS = {
  /** Lambda function name. */
  function: 64,
  /** IAM role name. */
  role: 64,
  /** CloudFormation stack name. */
  stack: 128,
  /** SQS queue name. */
  queue: 80,
  /** DynamoDB table name. */
  table: 255,
  /** CloudWatch alarm name. */
  alarm: 255,
  /** CloudWatch Logs log group name (`/aws/lambda/{function}`). */
  logGroup: 512,
  /** AWS IoT topic rule name. */
  topicRule: 128,
} as const;

/** A kind of named AWS resource: a key of {@link AWS_NAME_LIMITS}. */
export type AwsNameKind = keyof typeof AWS_NAME_LIMITS;

const SERVICE_OF: Record<AwsNameKind, string> = {
  function: 'AWS Lambda',
  role: 'IAM',
  stack: 'CloudFormation',
  queue: 'SQS',
  table: 'DynamoDB',
  alarm: 'CloudWatch',
  logGroup: 'CloudWatch Logs',
  topicRule: 'AWS IoT',
};

/** One derived name and its kind. */
export interface DerivedName {
  kind: AwsNameKind;
  name: string;
}

/**
 * Returns `name` unless it is longer than AWS allows for `kind`.
 *
 * @param stage - the stage the name was derived for, named in the error when given
 * @throws NameTooLongError naming the kind, the name, the stage, its length, the limit and the service
 * @example
 * ```ts
 * assertNameFits('function', 'demo-thermostat-1-processor'); // returns the name
 * ```
 */
export function assertNameFits(kind: AwsNameKind, name: string, stage?: string): string {
  const limit = AWS_NAME_LIMITS[kind];
  if (name.length > limit) throw new NameTooLongError(kind, name, limit, SERVICE_OF[kind], { stage });
  return name;
}

/** Hex digits of the SHA-256 that {@link boundedName} appends to a name it shortens. */
const HASH_LENGTH = 8;

/**
 * `base` if it fits in `limit` characters, otherwise its first characters, a dash and the first 8
 * hex digits of its SHA-256: deterministic, and distinct for distinct bases. For names nobody
 * types (IAM roles), whose natural form may be too long.
 *
 * @throws ValidationError (`INVALID_LIMIT`) for a limit below 10, which leaves no room for a prefix
 * @example
 * ```ts
 * boundedName('demo-persister-eu-central-1', 64); // unchanged
 * boundedName('x'.repeat(80), 64);                // 55 x's, '-', 8 hex digits
 * ```
 */
export function boundedName(base: string, limit: number): string {
  if (!Number.isInteger(limit) || limit < HASH_LENGTH + 2) {
    throw new ValidationError(`Invalid limit ${describeValue(limit)}: expected an integer of at least ${HASH_LENGTH + 2}`, 'limit', 'INVALID_LIMIT');
  }
  if (base.length <= limit) return base;
  const hash = createHash('sha256').update(base).digest('hex').slice(0, HASH_LENGTH);
  return `${base.slice(0, limit - HASH_LENGTH - 1).replace(/-+$/, '')}-${hash}`;
}

/** The services of a twin, by their short names. */
export type ServiceName = 'dispatcher' | 'wrapper' | 'persister';

/** Every name of one twin's deployment to one stage and region. */
export interface DeploymentNames {
  twin: string;
  stage: string;
  region: string;
  /** `''` for the default stage, `-{stage}` otherwise: appended to every resource name. */
  suffix: string;
  /** Function names of the three services. */
  functions: Record<ServiceName, string>;
  /** Serverless service names of the three services (`{twin}-dispatcher`, ...); a stack is `{service}-{stage}`. */
  services: Record<ServiceName, string>;
  /** The hot table. */
  hotTable: string;
  /** The failure queue. */
  failureQueue: string;
  /**
   * IAM resource pattern of this twin's and stage's processor functions (`demo-*-processor`,
   * `demo-*-processor-prod`): no other stage's function matches it, because stage names have no dash.
   */
  processorPattern: string;
  /** MQTT topic filter the stage's IoT rule listens on. */
  topicFilter: string;
  /** 1-based level of the device id in {@link topicFilter} (for the rule's `topic(n)`). */
  topicDeviceLevel: number;
  /** Name of the stage's IoT topic rule (letters, digits and `_` only). */
  topicRule: string;
  /** A device's processor function. */
  processor(device: string): string;
  /** A device's processor service (`{twin}-{device}-processor`). */
  processorService(device: string): string;
  /** CloudFormation stack of a service: `{service}-{stage}` (Serverless's default). */
  stack(service: string): string;
  /** IAM role of a function: `{function}-{region}`, bounded to 64 characters (roles are global, functions regional). */
  role(functionName: string): string;
  /** Log group of a function. */
  logGroup(functionName: string): string;
  /** A CloudWatch alarm on `resource` (a function or the queue), e.g. `alarm('demo-persister', 'errors')`. */
  alarm(resource: string, metric: string): string;
}

/** Options of {@link deploymentNames} and {@link checkDeploymentNames}. */
export interface DeploymentNameOptions {
  /** Twin name (`config/twin.json` `twinName`). Required. */
  twin: string;
  /** Stage. Default {@link DEFAULT_STAGE} (`dev`), whose names are exactly the architecture's. */
  stage?: string;
  /** AWS region (role names carry it). Required. */
  region: string;
}

/**
 * Every name of a twin's deployment to a stage and region. Validates twin and stage; lengths are
 * checked by {@link checkDeploymentNames}.
 *
 * @example
 * ```ts
 * const names = deploymentNames({ twin: 'demo', stage: 'prod', region: 'eu-central-1' });
 * names.functions.persister;        // 'demo-persister-prod'
 * names.processor('thermostat-1');  // 'demo-thermostat-1-processor-prod'
 * names.role(names.functions.persister); // 'demo-persister-prod-eu-central-1'
 * ```
 */
export function deploymentNames(options: DeploymentNameOptions): DeploymentNames {
  const { twin, region } = options;
  const stage = options.stage ?? DEFAULT_STAGE;
  assertTwinName(twin);
  assertStage(stage);
  if (typeof region !== 'string' || !REGION_PATTERN.test(region)) {
    throw new ValidationError(`Invalid region ${describeValue(region)}: expected an AWS region such as eu-central-1`, 'region', 'INVALID_REGION');
  }
  const suffix = stageSuffix(stage);
  const isDefault = stage === DEFAULT_STAGE;
  return {
    twin,
    stage,
    region,
    suffix,
    functions: {
      dispatcher: dispatcherFunctionName(twin, stage),
      wrapper: wrapperFunctionName(twin, stage),
      persister: persisterFunctionName(twin, stage),
    },
    services: { dispatcher: `${twin}-dispatcher`, wrapper: `${twin}-wrapper`, persister: `${twin}-persister` },
    hotTable: hotTableName(twin, stage),
    failureQueue: failureQueueName(twin, stage),
    processorPattern: `${twin}-*-processor${suffix}`,
    topicFilter: `${isDefault ? '' : `${stage}/`}dt/${twin}/+/telemetry`,
    topicDeviceLevel: isDefault ? 3 : 4,
    topicRule: `${twin.replace(/-/g, '_')}_telemetry${isDefault ? '' : `_${stage}`}`,
    processor: (device) => processorFunctionName(twin, device, stage),
    processorService: (device) => {
      assertDeviceId(device);
      return `${twin}-${device}-processor`;
    },
    stack: (service) => `${service}-${stage}`,
    role: (functionName) => boundedName(`${functionName}-${region}`, AWS_NAME_LIMITS.role),
    logGroup: (functionName) => `/aws/lambda/${functionName}`,
    alarm: (resource, metric) => `${resource}-${metric}`,
  };
}

/** The alarms every service function has (see the services' `serverless.yml`). */
export const FUNCTION_ALARMS: readonly string[] = ['errors', 'throttles', 'async-events-dropped'];
/** The alarms of the failure queue. */
export const QUEUE_ALARMS: readonly string[] = ['visible', 'age'];

/** Options of {@link checkDeploymentNames}. */
export interface CheckDeploymentNamesOptions extends DeploymentNameOptions {
  /** Device ids of the twin's processors. Default none. */
  devices?: readonly string[];
}

/**
 * Derives every name of a twin's deployment to a stage and region — functions, roles, stacks, log
 * groups, table, queue, alarms, topic rule — and checks each against {@link AWS_NAME_LIMITS}.
 *
 * @returns every derived name, in a stable order
 * @throws NameTooLongError for the first name that does not fit (InvalidTwinNameError,
 *   InvalidStageError or InvalidDeviceIdError for an invalid part)
 * @example
 * ```ts
 * checkDeploymentNames({ twin: 'demo', stage: 'prod', region: 'eu-central-1', devices: ['thermostat-1'] });
 * ```
 */
export function checkDeploymentNames(options: CheckDeploymentNamesOptions): DerivedName[] {
  const names = deploymentNames(options);
  const derived: DerivedName[] = [];
  const add = (kind: AwsNameKind, name: string): void => {
    derived.push({ kind, name: assertNameFits(kind, name, names.stage) });
  };
  const functionResources = (functionName: string, service: string, alarms: readonly string[]): void => {
    add('function', functionName);
    add('role', names.role(functionName));
    add('logGroup', names.logGroup(functionName));
    add('stack', names.stack(service));
    for (const metric of alarms) add('alarm', names.alarm(functionName, metric));
  };
  for (const service of ['persister', 'wrapper', 'dispatcher'] as const) {
    functionResources(names.functions[service], names.services[service], FUNCTION_ALARMS);
  }
  add('table', names.hotTable);
  add('queue', names.failureQueue);
  for (const metric of QUEUE_ALARMS) add('alarm', names.alarm(names.failureQueue, metric));
  add('topicRule', names.topicRule);
  for (const device of options.devices ?? []) {
    functionResources(names.processor(device), names.processorService(device), []);
  }
  return derived;
}

/**
 * The longest device id whose names fit for a twin, stage and region (0 when none fits).
 *
 * @example
 * ```ts
 * maxDeviceIdLength({ twin: 'demo', region: 'eu-central-1' }); // 49 → capped at the id pattern's 48
 * ```
 */
export function maxDeviceIdLength(options: DeploymentNameOptions): number {
  for (let length = 48; length > 0; length -= 1) {
    try {
      checkDeploymentNames({ ...options, devices: ['a'.repeat(length)] });
      return length;
    } catch (err) {
      if (!(err instanceof NameTooLongError)) throw err;
    }
  }
  return 0;
}
