// Jest suites every serverless service of apps/ shares: its Lambda function as the template declares
// it, its deployment bundle, and its Nx targets. Each app's tests call these with what is specific
// to it; the service's own resources and IAM grants are asserted in the app's template test.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arn, readPackagedTemplate, resolve, resourcesOfType, singleResourceOfType, sqsQueueUrl, TEST_REGION, withParameters } from './cloudformation';
import type { CfnTemplate } from './cloudformation';
import { crossMatches } from './iamGlob';
import { iamStatements } from './cloudformation';
import { readServiceBundle } from './serviceBundle';
import { nxEnvironment } from './workspaceLinks';

const workspaceRoot = path.resolve(__dirname, '../..');

export interface TwinSettings {
  twinName: string;
  region: string;
  retentionDays: number;
}

/** config/twin.json: the twin every name in the templates derives from. */
export function readTwinSettings(): TwinSettings {
  return JSON.parse(readFileSync(path.join(workspaceRoot, 'config', 'twin.json'), 'utf8')) as TwinSettings;
}

export interface ServiceFunctionExpectations {
  /** Deployed function name, e.g. `demo-dispatcher`. */
  functionName: string;
  timeoutSeconds: number;
  /** Variables on top of the ones every service gets (TWIN_NAME, STAGE, LOG_LEVEL, FAILURE_QUEUE_URL…). */
  environment: Record<string, string>;
}

/** The service's single function: runtime settings, environment and async invocation config. */
export function describeServiceFunction(serviceDir: string, expected: ServiceFunctionExpectations): void {
  describe(`function ${expected.functionName}`, () => {
    const { twinName } = readTwinSettings();
    const failureQueue = `${twinName}-failures`;
    const template = readPackagedTemplate(serviceDir);
    const [functionId, fn] = singleResourceOfType(template, 'AWS::Lambda::Function');

    it('is named, sized and timed as the pipeline expects', () => {
      const { FunctionName, Handler, Runtime, MemorySize, Timeout } = fn.Properties ?? {};
      expect(resolve(template, { FunctionName, Handler, Runtime, MemorySize, Timeout })).toEqual({
        FunctionName: expected.functionName,
        Handler: 'src/handler.handler',
        Runtime: 'nodejs22.x',
        MemorySize: 256,
        Timeout: expected.timeoutSeconds,
      });
    });

    it('gets exactly the environment its handler reads', () => {
      expect(resolve(template, fn.Properties?.['Environment'])).toEqual({
        Variables: {
          TWIN_NAME: twinName,
          STAGE: 'dev',
          LOG_LEVEL: 'info',
          FAILURE_QUEUE_URL: sqsQueueUrl(failureQueue),
          AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
          ...expected.environment,
        },
      });
    });

    it('retries async invocations twice, then sends them to the failure queue', () => {
      const [, config] = singleResourceOfType(template, 'AWS::Lambda::EventInvokeConfig');
      expect(config.Properties?.['FunctionName']).toEqual({ Ref: functionId });
      expect(resolve(template, config.Properties)).toEqual({
        FunctionName: expected.functionName,
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: arn.sqsQueue(failureQueue) } },
      });
    });
  });
}

const MAX_BUNDLE_BYTES = 300 * 1024;

/** The clients of the failure store every service can keep failures in: SQS on AWS, DynamoDB in the local twin (@twinflow/runtime). */
const FAILURE_STORE_SDK_CLIENTS = ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sqs'];

/**
 * The deployment zip: one minified handler with the AWS SDK clients it uses inlined (tree-shaken;
 * apps/serverless.shared.yml says why), nothing left to the runtime but Node's own modules, loadable
 * as Lambda loads it. `awsSdkModules`: the clients the service's own code calls (the failure
 * store's are added).
 */
export function describeServiceBundle(serviceDir: string, expected: { awsSdkModules: string[] }): void {
  describe('deployment bundle', () => {
    const bundle = readServiceBundle(serviceDir);
    const handlerFile = bundle.files[0];

    it('holds a single bundled handler file and no node_modules', () => {
      console.log(
        `${path.relative(workspaceRoot, bundle.zipPath)}: zip ${bundle.zipBytes} B; ` +
          bundle.files.map((file) => `${file.name} ${file.size} B`).join(', ') +
          `; SDK clients inlined: ${bundle.inlinedSdkClients.join(', ')}`,
      );
      expect(bundle.files.map((file) => file.name)).toEqual(['src/handler.js']);
    });

    // The budget is the deployment artifact (the zip Lambda stores and loads); the unzipped
    // handler is bounded too, loosely, so a dependency landing in the bundle by mistake still fails.
    it(`ships a zip under ${MAX_BUNDLE_BYTES / 1024} KB`, () => {
      expect(bundle.zipBytes).toBeLessThan(MAX_BUNDLE_BYTES);
      expect(handlerFile?.size).toBeLessThan(3 * MAX_BUNDLE_BYTES);
    });

    it('inlines exactly the AWS SDK clients the service uses', () => {
      expect(bundle.inlinedSdkClients).toEqual([...new Set([...expected.awsSdkModules, ...FAILURE_STORE_SDK_CLIENTS])].sort());
    });

    // Nothing of the runtime's SDK v3 (@aws-sdk/*) nor v2 (aws-sdk, which nodejs22.x does not have)
    // but the default credential chain, which the bundle requires only when the environment holds
    // no credentials (tools/deploy/src/envCredentialsFirst.cjs; on Lambda it always does).
    it("requires nothing but Node modules at run time, and the runtime SDK's credential chain as a fallback", () => {
      const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
      expect(bundle.externalRequires.filter((name) => !builtins.has(name))).toEqual(['@aws-sdk/credential-provider-node']);
      // The inlined SDK's HTTP handler: the requires were found.
      expect(bundle.externalRequires).toEqual(expect.arrayContaining(['node:https']));
    });

    it('loads with the environment the template gives it and exports `handler`', () => {
      const template = readPackagedTemplate(serviceDir);
      const [, fn] = singleResourceOfType(template, 'AWS::Lambda::Function');
      const { Variables } = resolve(template, fn.Properties?.['Environment']) as { Variables: Record<string, string> };
      const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-bundle-'));
      try {
        const file = path.join(dir, 'handler.js');
        writeFileSync(file, handlerFile?.content ?? '');
        // Outside the repo, like /var/task, and without NODE_PATH: no module but Node's resolves.
        const exportType = execFileSync(
          process.execPath,
          ['-e', 'process.stdout.write(typeof require(process.argv[1]).handler)', file],
          {
            cwd: dir,
            encoding: 'utf8',
            env: { PATH: process.env['PATH'], AWS_REGION: TEST_REGION, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...Variables },
          },
        );
        expect(exportType).toBe('function');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

interface TargetConfiguration {
  executor?: string;
  dependsOn?: unknown[];
  options?: Record<string, unknown>;
  outputs?: string[];
  cache?: boolean;
}

/**
 * The service's Nx project: its name and tag in project.json; its targets as Nx resolves them
 * (`nx show project`): inferred by the workspace plugin from its serverless.yml, completed by
 * nx.json's targetDefaults (package cached, build → package, deploy, test → package).
 */
export function describeServiceTargets(serviceDir: string): void {
  describe('Nx targets', () => {
    const project = JSON.parse(readFileSync(path.join(serviceDir, 'project.json'), 'utf8')) as { name: string; tags: string[]; targets?: unknown };
    const workspace = path.resolve(serviceDir, '../..');
    const shown = execFileSync(process.execPath, [path.join(workspace, 'node_modules/nx/dist/bin/nx.js'), 'show', 'project', project.name, '--json'], {
      cwd: workspace,
      env: nxEnvironment(),
      encoding: 'utf8',
    });
    const { targets } = JSON.parse(shown) as { targets: Record<string, TargetConfiguration> };

    it('writes no target configuration: the plugin infers every target', () => {
      expect(project).not.toHaveProperty('targets');
      expect(Object.keys(targets).sort()).toEqual(['build', 'deploy', 'lint', 'package', 'test', 'typecheck']);
    });

    it('is an app, named after its folder', () => {
      expect(project.name).toBe(path.basename(serviceDir));
      expect(project.tags).toContain('type:app');
    });

    it('packages with serverless into .serverless, cached', () => {
      expect(targets['package']).toMatchObject({
        executor: 'nx:run-commands',
        cache: true,
        outputs: ['{projectRoot}/.serverless'],
        options: { command: 'serverless package --stage dev', cwd: `apps/${path.basename(serviceDir)}` },
      });
    });

    it('builds by packaging, not with the packages’ build command', () => {
      expect(targets['build']).toMatchObject({ executor: 'nx:noop', dependsOn: ['package'] });
    });

    it('deploys through the targetDefaults of nx.json (deployProject.ts: every flag forwarded, --dry-run honoured)', () => {
      // Command, inputs (config/twin.json) and dependsOn (build, typecheck, lint, test) are nx.json's;
      // tools/deploy/tests assert those. A deploy never depends on another service's deploy:
      // `npm run deploy` orders the stacks (persister first).
      expect(targets['deploy']).toMatchObject({ options: { command: `tsx --tsconfig tools/deploy/tsconfig.json tools/deploy/src/deployProject.ts apps/${path.basename(serviceDir)}` } });
      expect(targets['deploy']?.dependsOn).toEqual(['build', 'typecheck', 'lint', 'test']);
    });

    it('tests a fresh package', () => {
      expect(targets['test']?.dependsOn).toEqual(['package']);
    });
  });
}

/** The CloudWatch alarms every service has on its function (and, with `--param alarmTopicArn`, where they notify). */
export function describeServiceAlarms(serviceDir: string, functionName: string): void {
  describe(`alarms of ${functionName}`, () => {
    const template = readPackagedTemplate(serviceDir);
    const functionAlarms = (t: CfnTemplate): Array<Record<string, unknown>> =>
      resourcesOfType(t, 'AWS::CloudWatch::Alarm')
        .map(([, alarm]) => resolve(t, alarm.Properties) as Record<string, unknown>)
        .filter((alarm) => alarm['Namespace'] === 'AWS/Lambda');

    it('alarm on any error, throttle or dropped asynchronous event of the function', () => {
      expect(functionAlarms(template).map(({ AlarmName, MetricName, Dimensions, Statistic, Threshold, ComparisonOperator, TreatMissingData }) => ({ AlarmName, MetricName, Dimensions, Statistic, Threshold, ComparisonOperator, TreatMissingData }))).toEqual(
        [
          ['errors', 'Errors'],
          ['throttles', 'Throttles'],
          ['async-events-dropped', 'AsyncEventsDropped'],
        ].map(([suffix, metric]) => ({
          AlarmName: `${functionName}-${suffix}`,
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: functionName }],
          Statistic: 'Sum',
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
        })),
      );
    });

    it('notify nobody by default, and the SNS topic of --param alarmTopicArn when given', () => {
      for (const alarm of functionAlarms(template)) expect(alarm).not.toHaveProperty('AlarmActions');
      const topic = 'arn:aws:sns:eu-central-1:123456789012:twinflow-alarms';
      for (const alarm of functionAlarms(withParameters(template, { AlarmTopicArn: topic }))) {
        expect(alarm).toMatchObject({ AlarmActions: [topic], OKActions: [topic] });
      }
    });
  });
}

/**
 * `serverless package` of a service with extra flags; returns its template. It packages a copy of
 * the service beside it (same depth, so every relative path of serverless.yml holds), because
 * serverless-esbuild always writes into the service's own .serverless, where the Nx-cached
 * package of the default stage lives and other suites read it.
 */
export async function packageTemplate(serviceDir: string, flags: string[]): Promise<CfnTemplate> {
  const copy = path.join(path.dirname(serviceDir), `.package-${path.basename(serviceDir)}-${process.pid}-${Date.now()}`);
  try {
    for (const entry of ['serverless.yml', 'tsconfig.json', 'src']) cpSync(path.join(serviceDir, entry), path.join(copy, entry), { recursive: true });
    await promisify(execFile)(process.execPath, [path.join(workspaceRoot, 'node_modules/serverless/bin/serverless.js'), 'package', ...flags], {
      cwd: copy,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
    });
    return JSON.parse(readFileSync(path.join(copy, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8')) as CfnTemplate;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Every function, table and queue ARN of a stage (`suffix` '' for dev, '-prod' ...), with device ids chosen to trip wildcards. */
export function stageResourceArns(twin: string, suffix: string): string[] {
  const devices = ['thermostat-1', 'x', 'processor', 'a-processor', `a-processor${suffix || '-dev'}`];
  return [
    ...['dispatcher', 'processor-wrapper', 'persister', ...devices.map((device) => `${device}-processor`)].map((name) => arn.lambdaFunction(`${twin}-${name}${suffix}`)),
    arn.lambdaFunction(`${twin}-thermostat-1-processor${suffix}:live`),
    arn.dynamodbTable(`${twin}-hot${suffix}`),
    arn.sqsQueue(`${twin}-failures${suffix}`),
  ];
}

/** Resources one template's Allow statements name (log groups aside: Serverless scopes those to the function). */
function allowedResources(template: CfnTemplate): string[] {
  return iamStatements(template)
    .filter((statement) => statement.effect === 'Allow' && !statement.actions.every((action) => action.startsWith('logs:')))
    .flatMap((statement) => statement.resources);
}

/**
 * The service packaged for a second stage, `prod`: every name carries the stage, and no IAM
 * statement of either stage matches a function, table or queue of the other.
 */
export function describeStageSeparation(serviceDir: string, functionName: string): void {
  describe('a second stage (prod) beside the default one', () => {
    const { twinName } = readTwinSettings();
    const dev = readPackagedTemplate(serviceDir);
    let prod: CfnTemplate;
    beforeAll(async () => {
      prod = await packageTemplate(serviceDir, ['--stage', 'prod']);
    }, 120_000);

    it(`names the function ${functionName}-prod, its role ${functionName}-prod-${TEST_REGION}, and tells it STAGE=prod`, () => {
      const [, fn] = singleResourceOfType(prod, 'AWS::Lambda::Function');
      const role = prod.Resources['IamRoleLambdaExecution'];
      expect(resolve(prod, fn.Properties?.['FunctionName'])).toBe(`${functionName}-prod`);
      expect(resolve(prod, role?.Properties?.['RoleName'])).toBe(`${functionName}-prod-${TEST_REGION}`);
      expect((resolve(prod, fn.Properties?.['Environment']) as { Variables: Record<string, string> }).Variables['STAGE']).toBe('prod');
    });

    it('names every alarm, table and queue of the stage with -prod', () => {
      const named = ['AWS::CloudWatch::Alarm', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue'].flatMap((type) =>
        resourcesOfType(prod, type).map(([, resource]) => resolve(prod, resource.Properties?.['AlarmName'] ?? resource.Properties?.['TableName'] ?? resource.Properties?.['QueueName'])),
      );
      expect(named.length).toBeGreaterThan(0);
      // {resource}-prod, or an alarm {resource}-prod-{metric}
      for (const name of named) expect(name).toMatch(/-prod(-[a-z-]+)?$/);
    });

    it("grants nothing on the other stage's functions, table or queue — either way round", () => {
      expect(allowedResources(prod).length).toBeGreaterThan(0);
      expect(crossMatches(allowedResources(prod), stageResourceArns(twinName, ''))).toEqual([]);
      expect(crossMatches(allowedResources(dev), stageResourceArns(twinName, '-prod'))).toEqual([]);
    });
  });
}
