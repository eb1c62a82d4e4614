/**
 * Every name of a twin's deployment to a stage and region, AWS's length limits on them, and the
 * stage isolation of the wrapper's IAM wildcard, checked by an independent IAM glob oracle.
 */
import fc from 'fast-check';
import {
  AWS_NAME_LIMITS,
  DEVICE_ID_PATTERN,
  InvalidDeviceIdError,
  InvalidStageError,
  InvalidTwinNameError,
  NameTooLongError,
  TwinflowError,
  ValidationError,
  assertNameFits,
  assertStage,
  boundedName,
  checkDeploymentNames,
  deploymentNames,
  maxDeviceIdLength,
  type AwsNameKind,
  type DerivedName,
} from '../../src';

const REGION = 'eu-central-1';
/** A 48-character device id, the longest the id pattern allows. */
const DEVICE_48 = `d${'0'.repeat(47)}`;
/** A 24-character twin name, the longest the twin pattern allows. */
const TWIN_24 = `t${'w'.repeat(23)}`;
/** The AWS service that sets each limit, as the error message must name it. */
const SERVICES: Record<AwsNameKind, string> = {
  function: 'AWS Lambda',
  role: 'IAM',
  stack: 'CloudFormation',
  queue: 'SQS',
  table: 'DynamoDB',
  alarm: 'CloudWatch',
  logGroup: 'CloudWatch Logs',
  topicRule: 'AWS IoT',
};

/** Runs `act` and returns what it threw (fails the test when it does not throw). */
function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/**
 * IAM's resource glob, written independently of the code under test: `*` matches any sequence of
 * characters (the empty one too, and `:` or `/`), `?` exactly one, anything else itself,
 * case-sensitively. Dynamic programming over pattern × value.
 */
function iamGlobMatches(pattern: string, value: string): boolean {
  let previous: boolean[] = Array.from({ length: value.length + 1 }, (_, j) => j === 0);
  for (const char of pattern) {
    const next: boolean[] = new Array<boolean>(value.length + 1).fill(false);
    if (char === '*') {
      next[0] = previous[0] === true;
      for (let j = 1; j <= value.length; j += 1) next[j] = next[j - 1] === true || previous[j] === true;
    } else {
      for (let j = 1; j <= value.length; j += 1) next[j] = previous[j - 1] === true && (char === '?' || char === value[j - 1]);
    }
    previous = next;
  }
  return previous[value.length] === true;
}

/** The Lambda function ARN an IAM statement names (the pattern or a function sits in its last part). */
const functionArn = (name: string): string => `arn:aws:lambda:${REGION}:123456789012:function:${name}`;

describe('deploymentNames', () => {
  it('derives the architecture names exactly for the default stage dev', () => {
    // Act
    const names = deploymentNames({ twin: 'demo', region: REGION });
    // Assess
    expect(names).toMatchObject({
      twin: 'demo',
      stage: 'dev',
      region: REGION,
      suffix: '',
      functions: { dispatcher: 'demo-dispatcher', wrapper: 'demo-processor-wrapper', persister: 'demo-persister' },
      services: { dispatcher: 'demo-dispatcher', wrapper: 'demo-wrapper', persister: 'demo-persister' },
      hotTable: 'demo-hot',
      failureQueue: 'demo-failures',
      processorPattern: 'demo-*-processor',
      topicFilter: 'dt/demo/+/telemetry',
      topicDeviceLevel: 3,
      topicRule: 'demo_telemetry',
    });
    expect(names.processor('thermostat-1')).toBe('demo-thermostat-1-processor');
    expect(names.processorService('thermostat-1')).toBe('demo-thermostat-1-processor');
    expect(names.stack(names.services.persister)).toBe('demo-persister-dev');
    expect(names.stack(names.processorService('thermostat-1'))).toBe('demo-thermostat-1-processor-dev');
    expect(names.role(names.functions.persister)).toBe('demo-persister-eu-central-1');
    expect(names.role(names.processor('thermostat-1'))).toBe('demo-thermostat-1-processor-eu-central-1');
    expect(names.logGroup(names.functions.wrapper)).toBe('/aws/lambda/demo-processor-wrapper');
    expect(names.alarm(names.functions.persister, 'errors')).toBe('demo-persister-errors');
    expect(deploymentNames({ twin: 'demo', stage: 'dev', region: REGION })).toMatchObject({ stage: 'dev', hotTable: 'demo-hot' });
  });

  it('suffixes every resource name with -prod for stage prod, keeping the service names', () => {
    // Act
    const names = deploymentNames({ twin: 'demo', stage: 'prod', region: REGION });
    // Assess
    expect(names).toMatchObject({
      stage: 'prod',
      suffix: '-prod',
      functions: { dispatcher: 'demo-dispatcher-prod', wrapper: 'demo-processor-wrapper-prod', persister: 'demo-persister-prod' },
      services: { dispatcher: 'demo-dispatcher', wrapper: 'demo-wrapper', persister: 'demo-persister' },
      hotTable: 'demo-hot-prod',
      failureQueue: 'demo-failures-prod',
      processorPattern: 'demo-*-processor-prod',
      topicFilter: 'prod/dt/demo/+/telemetry',
      topicDeviceLevel: 4,
      topicRule: 'demo_telemetry_prod',
    });
    expect(names.processor('thermostat-1')).toBe('demo-thermostat-1-processor-prod');
    expect(names.processorService('thermostat-1')).toBe('demo-thermostat-1-processor');
    expect(names.stack(names.services.wrapper)).toBe('demo-wrapper-prod');
    expect(names.role(names.functions.persister)).toBe('demo-persister-prod-eu-central-1');
    expect(names.logGroup(names.processor('thermostat-1'))).toBe('/aws/lambda/demo-thermostat-1-processor-prod');
    expect(names.alarm(names.failureQueue, 'age')).toBe('demo-failures-prod-age');
  });

  it('puts the device id at the level the topic filter gives it', () => {
    for (const stage of ['dev', 'prod']) {
      // Act
      const { topicFilter, topicDeviceLevel } = deploymentNames({ twin: 'demo', stage, region: REGION });
      // Assess
      expect(topicFilter.split('/')[topicDeviceLevel - 1]).toBe('+');
    }
  });

  it('turns the dashes of a twin name into underscores in the topic rule name', () => {
    expect(deploymentNames({ twin: 'my-twin-2', stage: 'qa', region: REGION }).topicRule).toBe('my_twin_2_telemetry_qa');
  });

  it.each(['processor'])('refuses the reserved stage %j', (stage) => {
    // Act
    const err = thrownBy(() => deploymentNames({ twin: 'demo', stage, region: REGION }));
    // Assess
    expect(err).toBeInstanceOf(InvalidStageError);
    expect((err as InvalidStageError).code).toBe('INVALID_STAGE');
    expect((err as InvalidStageError).message).toMatch(/is reserved/);
  });

  it.each(['prod-eu', 'Prod', '', '1prod', 'p'.repeat(17)])('refuses the invalid stage %j', (stage) => {
    expect(() => deploymentNames({ twin: 'demo', stage, region: REGION })).toThrow(InvalidStageError);
    expect(() => checkDeploymentNames({ twin: 'demo', stage, region: REGION })).toThrow(InvalidStageError);
  });

  it('refuses an invalid twin name', () => {
    expect(() => deploymentNames({ twin: 'Demo', region: REGION })).toThrow(InvalidTwinNameError);
  });

  it.each(['mars', 'EU-CENTRAL-1', 'eu-central', 'eu-central-1 ', '', undefined, 42])('refuses the invalid region %j with INVALID_REGION', (region) => {
    // Act
    const err = thrownBy(() => deploymentNames({ twin: 'demo', region: region as string }));
    // Assess
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toBeInstanceOf(TwinflowError);
    expect((err as ValidationError).code).toBe('INVALID_REGION');
    expect((err as ValidationError).field).toBe('region');
    expect((err as ValidationError).message).toMatch(/^Invalid region .*: expected an AWS region such as eu-central-1$/);
  });

  it.each(['eu-central-1', 'us-east-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1'])('accepts the region %j', (region) => {
    expect(deploymentNames({ twin: 'demo', region }).region).toBe(region);
  });

  it('refuses an invalid device id when deriving its names', () => {
    const names = deploymentNames({ twin: 'demo', region: REGION });
    expect(() => names.processor('../x')).toThrow(InvalidDeviceIdError);
    expect(() => names.processorService('a*')).toThrow(InvalidDeviceIdError);
  });
});

describe('assertNameFits', () => {
  it('uses the AWS limits of the architecture', () => {
    expect(AWS_NAME_LIMITS).toMatchObject({ function: 64, role: 64, stack: 128, queue: 80 });
    expect(Object.keys(AWS_NAME_LIMITS).sort()).toEqual(Object.keys(SERVICES).sort());
  });

  it.each(Object.entries(AWS_NAME_LIMITS) as Array<[AwsNameKind, number]>)('accepts a %s name of exactly %i characters', (kind, limit) => {
    // Prepare
    const name = 'n'.repeat(limit);
    // Act
    const fitted = assertNameFits(kind, name);
    // Assess
    expect(fitted).toBe(name);
  });

  it.each(Object.entries(AWS_NAME_LIMITS) as Array<[AwsNameKind, number]>)('refuses a %s name one longer than %i with a typed error', (kind, limit) => {
    // Prepare
    const name = 'n'.repeat(limit + 1);
    // Act
    const err = thrownBy(() => assertNameFits(kind, name));
    // Assess
    expect(err).toBeInstanceOf(NameTooLongError);
    expect(err).toBeInstanceOf(TwinflowError);
    const tooLong = err as NameTooLongError;
    expect(tooLong).toMatchObject({ name: 'NameTooLongError', code: 'NAME_TOO_LONG', kind, resourceName: name, limit });
    expect(tooLong.stage).toBeUndefined();
    expect(tooLong.message).toBe(
      `${kind} name "${name}" is ${limit + 1} characters; ${SERVICES[kind]} allows at most ${limit} (1 too many: use a shorter device id, twin name or stage)`,
    );
  });

  it('names the stage when it is given', () => {
    // Act
    const err = thrownBy(() => assertNameFits('queue', 'q'.repeat(90), 'prod')) as NameTooLongError;
    // Assess
    expect(err.stage).toBe('prod');
    expect(err.message).toBe(`queue name "${'q'.repeat(90)}" (stage "prod") is 90 characters; SQS allows at most 80 (10 too many: use a shorter device id, twin name or stage)`);
  });
});

describe('checkDeploymentNames', () => {
  it('derives and checks every name of a stage, in a stable order', () => {
    // Act
    const derived = checkDeploymentNames({ twin: 'demo', region: REGION, devices: ['thermostat-1'] });
    // Assess
    const service = (fn: string, stack: string): DerivedName[] => [
      { kind: 'function', name: fn },
      { kind: 'role', name: `${fn}-eu-central-1` },
      { kind: 'logGroup', name: `/aws/lambda/${fn}` },
      { kind: 'stack', name: `${stack}-dev` },
      { kind: 'alarm', name: `${fn}-errors` },
      { kind: 'alarm', name: `${fn}-throttles` },
      { kind: 'alarm', name: `${fn}-async-events-dropped` },
    ];
    expect(derived).toEqual([
      ...service('demo-persister', 'demo-persister'),
      ...service('demo-processor-wrapper', 'demo-wrapper'),
      ...service('demo-dispatcher', 'demo-dispatcher'),
      { kind: 'table', name: 'demo-hot' },
      { kind: 'queue', name: 'demo-failures' },
      { kind: 'alarm', name: 'demo-failures-visible' },
      { kind: 'alarm', name: 'demo-failures-age' },
      { kind: 'topicRule', name: 'demo_telemetry' },
      { kind: 'function', name: 'demo-thermostat-1-processor' },
      { kind: 'role', name: 'demo-thermostat-1-processor-eu-central-1' },
      { kind: 'logGroup', name: '/aws/lambda/demo-thermostat-1-processor' },
      { kind: 'stack', name: 'demo-thermostat-1-processor-dev' },
    ]);
  });

  it('derives the prod names with their suffix', () => {
    // Act
    const derived = checkDeploymentNames({ twin: 'demo', stage: 'prod', region: REGION, devices: ['thermostat-1'] });
    // Assess
    const names = derived.map((entry) => entry.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'demo-persister-prod',
        'demo-persister-prod-eu-central-1',
        'demo-persister-prod',
        'demo-processor-wrapper-prod',
        'demo-wrapper-prod',
        'demo-dispatcher-prod',
        'demo-hot-prod',
        'demo-failures-prod',
        'demo-failures-prod-visible',
        'demo_telemetry_prod',
        'demo-thermostat-1-processor-prod',
        'demo-thermostat-1-processor-prod-eu-central-1',
        '/aws/lambda/demo-thermostat-1-processor-prod',
      ]),
    );
    expect(derived.filter((entry) => entry.kind === 'function').every((entry) => entry.name.endsWith('-prod'))).toBe(true);
  });

  it('fits a 48-character device id with twin demo in dev: a 63-character function name', () => {
    // Act
    const derived = checkDeploymentNames({ twin: 'demo', stage: 'dev', region: REGION, devices: [DEVICE_48] });
    // Assess
    const fn = `demo-${DEVICE_48}-processor`;
    expect(fn).toHaveLength(63);
    expect(derived).toContainEqual({ kind: 'function', name: fn });
    const role = derived.find((entry) => entry.kind === 'role' && entry.name.startsWith(`demo-${DEVICE_48}`));
    expect(role?.name).toBe(boundedName(`${fn}-${REGION}`, 64));
    expect(role?.name).toHaveLength(64);
  });

  it('refuses the same id in stage prod: the function name would be 68 characters', () => {
    // Act
    const err = thrownBy(() => checkDeploymentNames({ twin: 'demo', stage: 'prod', region: REGION, devices: [DEVICE_48] }));
    // Assess
    expect(err).toBeInstanceOf(NameTooLongError);
    const fn = `demo-${DEVICE_48}-processor-prod`;
    expect(err).toMatchObject({ kind: 'function', resourceName: fn, limit: 64, stage: 'prod' });
    expect((err as NameTooLongError).message).toBe(
      `function name "${fn}" (stage "prod") is 68 characters; AWS Lambda allows at most 64 (4 too many: use a shorter device id, twin name or stage)`,
    );
  });

  it('refuses a 48-character id with the longest twin name (24 characters) even in dev', () => {
    // Act
    const err = thrownBy(() => checkDeploymentNames({ twin: TWIN_24, region: REGION, devices: [DEVICE_48] }));
    // Assess
    expect(err).toBeInstanceOf(NameTooLongError);
    expect(err).toMatchObject({ kind: 'function', resourceName: `${TWIN_24}-${DEVICE_48}-processor`, limit: 64, stage: 'dev' });
    expect((err as NameTooLongError).message).toMatch(/is 83 characters; AWS Lambda allows at most 64 \(19 too many/);
  });

  it('fits every service name of the longest twin in the longest stage', () => {
    // Act
    const derived = checkDeploymentNames({ twin: TWIN_24, stage: 's'.repeat(16), region: 'us-gov-west-1' });
    // Assess
    for (const { kind, name } of derived) expect(name.length).toBeLessThanOrEqual(AWS_NAME_LIMITS[kind]);
  });

  it('refuses an invalid device id with its typed error', () => {
    expect(() => checkDeploymentNames({ twin: 'demo', region: REGION, devices: ['ok-1', 'Not OK'] })).toThrow(InvalidDeviceIdError);
  });
});

describe('maxDeviceIdLength', () => {
  it.each([
    ['demo', 'dev', 48],
    ['demo', 'prod', 44],
    [TWIN_24, 'dev', 29],
    [TWIN_24, 's'.repeat(16), 12],
  ])('is the longest id whose names fit (twin %j, stage %j): %i', (twin, stage, expected) => {
    // Act
    const longest = maxDeviceIdLength({ twin, stage, region: REGION });
    // Assess
    expect(longest).toBe(expected);
    expect(() => checkDeploymentNames({ twin, stage, region: REGION, devices: ['x'.repeat(longest)] })).not.toThrow();
    if (longest < 48) expect(() => checkDeploymentNames({ twin, stage, region: REGION, devices: ['x'.repeat(longest + 1)] })).toThrow(NameTooLongError);
  });

  it('lets validation errors through', () => {
    expect(() => maxDeviceIdLength({ twin: 'demo', region: 'mars' })).toThrow(ValidationError);
  });
});

describe('boundedName', () => {
  it('leaves a name that fits unchanged', () => {
    expect(boundedName('demo-persister-eu-central-1', 64)).toBe('demo-persister-eu-central-1');
    expect(boundedName('r'.repeat(64), 64)).toBe('r'.repeat(64));
  });

  it('shortens a long name to a prefix, a dash and 8 hex digits of its SHA-256', () => {
    // Act
    const bounded = boundedName('x'.repeat(80), 64);
    // Assess
    expect(bounded).toMatch(/^x{55}-[0-9a-f]{8}$/);
    expect(bounded).toBe(`${'x'.repeat(55)}-d929cdee`);
  });

  it('drops dashes the cut leaves at the end of the prefix', () => {
    expect(boundedName(`${'a'.repeat(54)}-${'b'.repeat(30)}`, 64)).toMatch(/^a{54}-[0-9a-f]{8}$/);
  });

  it('refuses a limit that leaves no room for a prefix', () => {
    // Act
    const err = thrownBy(() => boundedName('x'.repeat(20), 9));
    // Assess
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ code: 'INVALID_LIMIT', field: 'limit' });
    expect(() => boundedName('x'.repeat(20), 10)).not.toThrow();
    expect(() => boundedName('x', 12.5)).toThrow(ValidationError);
  });

  it('is deterministic, within the limit, and distinct for distinct names (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', '-', '1'), minLength: 0, maxLength: 120 }), { minLength: 2, maxLength: 20 }),
        fc.integer({ min: 10, max: 100 }),
        (bases, limit) => {
          const bounded = bases.map((base) => boundedName(base, limit));
          expect(bases.map((base) => boundedName(base, limit))).toEqual(bounded);
          for (const name of bounded) expect(name.length).toBeLessThanOrEqual(limit);
          expect(new Set(bounded).size).toBe(bases.length);
        },
      ),
      { seed: 20_261_124, numRuns: 300 },
    );
  });

  it('keeps long role names of near-identical functions apart', () => {
    // Prepare
    const names = deploymentNames({ twin: 'demo', stage: 'prod', region: 'ap-southeast-2' });
    const devices = [`${'d'.repeat(43)}1`, `${'d'.repeat(43)}2`];
    // Act
    const roles = devices.map((device) => names.role(names.processor(device)));
    // Assess
    expect(roles[0]).not.toBe(roles[1]);
    for (const role of roles) expect(role).toHaveLength(64);
  });
});

describe('stage isolation of the processor wildcard (IAM glob oracle)', () => {
  it('the oracle follows IAM glob semantics', () => {
    expect(iamGlobMatches('demo-*-processor', 'demo-x-processor')).toBe(true);
    expect(iamGlobMatches('demo-*-processor', 'demo--processor')).toBe(true);
    expect(iamGlobMatches('demo-*-processor', 'demo-processor')).toBe(false);
    expect(iamGlobMatches('demo-*-processor', 'demo-a:b/c-processor')).toBe(true);
    expect(iamGlobMatches('demo-*-processor', 'demo-x-processor-prod')).toBe(false);
    expect(iamGlobMatches('demo-?-processor', 'demo-x-processor')).toBe(true);
    expect(iamGlobMatches('demo-?-processor', 'demo-xy-processor')).toBe(false);
    expect(iamGlobMatches('*', '')).toBe(true);
    expect(iamGlobMatches('', '')).toBe(true);
    expect(iamGlobMatches('a', '')).toBe(false);
    expect(iamGlobMatches('DEMO-*', 'demo-x')).toBe(false);
  });

  it('shows why stages carry no dash and "processor" is reserved', () => {
    // A dashed stage "x-processor-prod" would put its functions under prod's wildcard ...
    expect(iamGlobMatches('demo-*-processor-prod', 'demo-d-processor-x-processor-prod')).toBe(true);
    // ... and a stage named "processor" would put its functions under dev's.
    expect(iamGlobMatches('demo-*-processor', 'demo-d-processor-processor')).toBe(true);
  });

  /** Pieces that make near-collisions likely: the name templates' own words, dashes, stage names. */
  const TOKENS = ['-', '-', 'processor', 'wrapper', 'dispatcher', 'persister', 'dev', 'prod', 'qa', 'x', '1', 'p'];
  const fromTokens = (maxTokens: number): fc.Arbitrary<string> =>
    fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: maxTokens }).map((tokens) => tokens.join(''));
  /** Whether core accepts `stage`: the property must hold for every stage core lets through. */
  const isAcceptedStage = (stage: string): boolean => {
    try {
      assertStage(stage);
      return true;
    } catch {
      return false;
    }
  };
  const twinArb = fc.oneof(fromTokens(6), fc.constantFrom('demo', 'a', 'p-', 'x-processor')).filter((twin) => /^[a-z][a-z0-9-]{0,23}$/.test(twin));
  // Candidates include dashed and reserved names (core must refuse those), so the property also
  // guards the stage pattern and the reserved list.
  const stageArb = fc
    .oneof(
      fc.constantFrom('dev', 'dev', 'prod', 'qa', 'wrapper', 'dispatcher', 'persister', 'processor', 'processors', 'p', 'x-processor-prod'),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
      fromTokens(3),
    )
    .filter(isAcceptedStage);
  const deviceArb = fc.oneof(fromTokens(8), fc.stringMatching(DEVICE_ID_PATTERN)).filter((device) => DEVICE_ID_PATTERN.test(device));

  it("one stage's processor pattern matches its own processors and no function of another stage (property)", () => {
    fc.assert(
      fc.property(
        twinArb,
        fc.tuple(stageArb, stageArb).filter(([a, b]) => a !== b),
        fc.array(deviceArb, { minLength: 1, maxLength: 6 }),
        (twin, [stageA, stageB], devices) => {
          const [a, b] = [stageA, stageB].map((stage) => deploymentNames({ twin, stage, region: REGION }));
          for (const [own, other] of [
            [a, b],
            [b, a],
          ] as const) {
            if (own === undefined || other === undefined) throw new Error('unreachable');
            const pattern = functionArn(own.processorPattern);
            const otherFunctions = [other.functions.dispatcher, other.functions.wrapper, other.functions.persister, ...devices.map((d) => other.processor(d))];
            for (const fn of otherFunctions) {
              if (iamGlobMatches(pattern, functionArn(fn))) throw new Error(`${own.processorPattern} (stage ${own.stage}) matches ${fn} (stage ${other.stage})`);
            }
            for (const device of devices) expect(iamGlobMatches(pattern, functionArn(own.processor(device)))).toBe(true);
            for (const fn of Object.values(own.functions)) expect(iamGlobMatches(pattern, functionArn(fn))).toBe(false);
          }
        },
      ),
      { seed: 20_261_124, numRuns: 2_000 },
    );
  });

  it('maxDeviceIdLength is what the function-name budget leaves (property)', () => {
    fc.assert(
      fc.property(twinArb, stageArb, (twin, stage) => {
        // Oracle: {twin}-{device}-processor{-stage} within 64, capped at the id pattern's 48.
        const suffix = stage === 'dev' ? 0 : stage.length + 1;
        const expected = Math.min(48, 64 - twin.length - 1 - '-processor'.length - suffix);
        expect(maxDeviceIdLength({ twin, stage, region: REGION })).toBe(expected);
      }),
      { seed: 20_261_124, numRuns: 100 },
    );
  });
});
