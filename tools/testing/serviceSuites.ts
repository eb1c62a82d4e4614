// Jest suites every serverless service of apps/ shares: its Lambda function as the template declares
// it, its deployment bundle, and its Nx targets. Each app's tests call these with what is specific
// to it; the service's own resources and IAM grants are asserted in the app's template test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arn, readPackagedTemplate, resolve, singleResourceOfType, sqsQueueUrl, TEST_REGION } from './cloudformation';
import { readServiceBundle } from './serviceBundle';

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

/** The deployment zip: one minified handler, AWS SDK left to the runtime, loadable as Lambda loads it. */
export function describeServiceBundle(serviceDir: string, expected: { awsSdkModules: string[] }): void {
  describe('deployment bundle', () => {
    const bundle = readServiceBundle(serviceDir);
    const handlerFile = bundle.files[0];

    it('holds a single bundled handler file and no node_modules', () => {
      console.log(
        `${path.relative(workspaceRoot, bundle.zipPath)}: zip ${bundle.zipBytes} B; ` +
          bundle.files.map((file) => `${file.name} ${file.size} B`).join(', '),
      );
      expect(bundle.files.map((file) => file.name)).toEqual(['src/handler.js']);
    });

    // The budget is the deployment artifact (the zip Lambda stores and loads); the unzipped
    // handler is bounded too, loosely, so a dependency landing in the bundle by mistake still fails.
    it(`ships a zip under ${MAX_BUNDLE_BYTES / 1024} KB`, () => {
      expect(bundle.zipBytes).toBeLessThan(MAX_BUNDLE_BYTES);
      expect(handlerFile?.size).toBeLessThan(2 * MAX_BUNDLE_BYTES);
    });

    it('requires the AWS SDK from the runtime instead of inlining it', () => {
      expect(bundle.inlinedSdkMentions).toEqual([]);
      expect(bundle.externalRequires).toEqual(expect.arrayContaining(expected.awsSdkModules));
    });

    it('requires nothing else the Lambda runtime lacks', () => {
      const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
      const missing = bundle.externalRequires.filter((name) => !name.startsWith('@aws-sdk/') && !builtins.has(name));
      expect(missing).toEqual([]);
    });

    it('loads with the environment the template gives it and exports `handler`', () => {
      const template = readPackagedTemplate(serviceDir);
      const [, fn] = singleResourceOfType(template, 'AWS::Lambda::Function');
      const { Variables } = resolve(template, fn.Properties?.['Environment']) as { Variables: Record<string, string> };
      const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-bundle-'));
      try {
        const file = path.join(dir, 'handler.js');
        writeFileSync(file, handlerFile?.content ?? '');
        // Outside the repo, like /var/task: only the runtime's modules resolve (NODE_PATH stands in
        // for the SDK that nodejs22.x provides).
        const exportType = execFileSync(
          process.execPath,
          ['-e', 'process.stdout.write(typeof require(process.argv[1]).handler)', file],
          {
            cwd: dir,
            encoding: 'utf8',
            env: { PATH: process.env['PATH'], NODE_PATH: path.join(workspaceRoot, 'node_modules'), AWS_REGION: TEST_REGION, ...Variables },
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

/** project.json: package (cached), build → package, deploy with a stage (and nothing else), test → package. */
export function describeServiceTargets(serviceDir: string): void {
  describe('Nx targets', () => {
    const project = JSON.parse(readFileSync(path.join(serviceDir, 'project.json'), 'utf8')) as {
      name: string;
      tags: string[];
      targets: Record<string, TargetConfiguration>;
    };
    const { targets } = project;

    it('is an app, named after its folder', () => {
      expect(project.name).toBe(path.basename(serviceDir));
      expect(project.tags).toContain('type:app');
    });

    it('packages with serverless into .serverless, cached', () => {
      expect(targets['package']).toMatchObject({
        executor: 'nx:run-commands',
        cache: true,
        outputs: ['{projectRoot}/.serverless'],
        options: { command: 'serverless package --stage dev', cwd: '{projectRoot}' },
      });
    });

    it('builds by packaging, not with the packages’ build command', () => {
      expect(targets['build']).toEqual({ executor: 'nx:noop', dependsOn: ['package'] });
    });

    it('deploys with serverless to the given stage (dev by default)', () => {
      expect(targets['deploy']).toMatchObject({
        executor: 'nx:run-commands',
        options: { command: 'serverless deploy --stage {args.stage}', cwd: '{projectRoot}', stage: 'dev' },
      });
      expect(targets['deploy']?.cache).not.toBe(true);
      // No deploy depends on another service's deploy: `nx affected -t deploy` must deploy only
      // what changed. The first deployment's order (persister first) is documented in apps/README.md.
      expect(targets['deploy']?.dependsOn ?? []).toEqual([]);
    });

    it('tests a fresh package', () => {
      expect(targets['test']?.dependsOn).toEqual(['package']);
    });
  });
}
