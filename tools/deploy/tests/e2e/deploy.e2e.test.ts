// `npm run deploy` into an empty emulated AWS account (moto server), as a user types it: two stages
// side by side, then a commit to one processor's handler redeploys that processor only. What the
// emulator cannot check — IAM evaluation, the IoT rule, Lambda destinations, alarms (moto has no
// CloudFormation support for AWS::CloudWatch::Alarm or EventInvokeConfig) — is read from the
// statements and templates the account holds, and asserted here and in the template tests.
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { crossMatches } from '@twinflow/testing/iamGlob';
import { resolve } from '@twinflow/testing/cloudformation';
import { startMoto, type MotoServer } from '@twinflow/testing/moto';
import { accountClients, type AccountClients, deployedStack, DUMMY_CREDENTIALS, functionsByName, grants, privilegeViolations, roleOf, stacks } from './emulatedAccount';
import { copyWorkspace, type WorkspaceCopy } from './workspaceCopy';
import { appendFileSync, statSync } from 'node:fs';
import path from 'node:path';

const REGION = 'eu-central-1';
const ACCOUNT = '123456789012';
const lambdaArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
const tableArn = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;

/** What each function of a stage must look like (suffix '' for dev, '-prod' ...). */
function expectedFunctions(suffix: string) {
  const queue = `demo-failures${suffix}`;
  const service = (timeout: number, environment: Record<string, string>, grantList: string[]) => ({ handler: 'src/handler.handler', memory: 256, timeout, environment, grants: grantList.sort() });
  const processor = { handler: 'index.handler', memory: 256, timeout: 10, environment: {}, grants: [] as string[] };
  return {
    [`demo-persister${suffix}`]: service(30, { HOT_TABLE: `demo-hot${suffix}`, RETENTION_DAYS: '30' }, [
      `dynamodb:BatchGetItem ${tableArn(`demo-hot${suffix}`)}`,
      `dynamodb:PartiQLInsert ${tableArn(`demo-hot${suffix}`)}`,
      `sqs:SendMessage ${queueArn(queue)}`,
    ]),
    [`demo-processor-wrapper${suffix}`]: service(60, { PERSISTER_FUNCTION: `demo-persister${suffix}`, PROCESSOR_TIMEOUT_MS: '20000' }, [
      `lambda:InvokeFunction ${lambdaArn(`demo-*-processor${suffix}`)}`,
      `lambda:InvokeFunction ${lambdaArn(`demo-*-processor${suffix}`)}:*`,
      `lambda:InvokeFunction ${lambdaArn(`demo-persister${suffix}`)}`,
      `sqs:SendMessage ${queueArn(queue)}`,
    ]),
    [`demo-dispatcher${suffix}`]: service(30, { WRAPPER_FUNCTION: `demo-processor-wrapper${suffix}` }, [
      `lambda:InvokeFunction ${lambdaArn(`demo-processor-wrapper${suffix}`)}`,
      `sqs:SendMessage ${queueArn(queue)}`,
    ]),
    [`demo-thermostat-1-processor${suffix}`]: processor,
    [`demo-pressure-sensor-1-processor${suffix}`]: processor,
  };
}

const STACKS = ['demo-persister', 'demo-wrapper', 'demo-dispatcher', 'demo-thermostat-1-processor', 'demo-pressure-sensor-1-processor'];

describe('npm run deploy into an emulated AWS account', () => {
  let moto: MotoServer;
  let copy: WorkspaceCopy;
  let account: AccountClients;
  let env: Record<string, string>;
  const deploy = (...args: string[]) => copy.run('npm', ['run', '--silent', 'deploy', '--', ...args], env);
  const firstDeploys: Record<string, string> = {};

  beforeAll(async () => {
    moto = await startMoto();
    copy = await copyWorkspace('twinflow-deploy-e2e-');
    account = accountClients(moto.endpoint, REGION);
    // The emulated account, and no region: it comes from config/twin.json (or --region).
    for (const key of ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_SESSION_TOKEN']) delete process.env[key];
    env = { AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey };
    for (const stage of ['dev', 'prod']) {
      const started = Date.now();
      const result = await deploy('--stage', stage, '--param', 'iotRule=false');
      firstDeploys[stage] = result.output;
      if (result.code !== 0) throw new Error(`first deploy of ${stage} failed (${result.code}):\n${result.output.slice(-6000)}`);
      console.log(`first deploy of ${stage}: ${((Date.now() - started) / 1000).toFixed(0)} s\n${result.output.split('\n').filter((l) => / deployed in |passed in /.test(l)).join('\n')}`);
    }
  }, 900_000);

  afterAll(async () => {
    await moto?.stop();
    copy?.remove();
  });

  it('deployed everything the first time, persister first, and recorded each stage at its commit', async () => {
    const head = await copy.git('rev-parse', 'HEAD');
    for (const stage of ['dev', 'prod']) {
      const order = [...(firstDeploys[stage] ?? '').matchAll(/^== \[\d+\/5\] (\S+)$/gm)].map((m) => m[1]);
      expect(order).toEqual(['persister', 'processor-pressure-sensor-1', 'processor-thermostat-1', 'wrapper', 'dispatcher']);
      expect(await copy.git('rev-parse', `twinflow/deployed/${stage}^{commit}`)).toBe(head);
    }
    const deployed = await stacks(account.cloudformation);
    for (const stage of ['dev', 'prod']) for (const stack of STACKS) expect([stack, deployed.get(`${stack}-${stage}`)]).toEqual([stack, expect.stringMatching(/_COMPLETE$/)]);
  });

  it.each(['', '-prod'])('stage%s: every function is named, sized, timed and configured as its template says', async (suffix) => {
    const functions = await functionsByName(account.lambda);
    for (const [name, expected] of Object.entries(expectedFunctions(suffix))) {
      const fn = functions.get(name);
      expect({ name, runtime: fn?.Runtime, handler: fn?.Handler, memory: fn?.MemorySize, timeout: fn?.Timeout, role: fn?.Role }).toEqual({
        name,
        runtime: 'nodejs22.x',
        handler: expected.handler,
        memory: expected.memory,
        timeout: expected.timeout,
        role: `arn:aws:iam::${ACCOUNT}:role/${name}-${REGION}`,
      });
      if (expected.handler !== 'index.handler') {
        expect(fn?.Environment?.Variables).toEqual({
          TWIN_NAME: 'demo',
          STAGE: suffix === '' ? 'dev' : 'prod',
          LOG_LEVEL: 'info',
          AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
          FAILURE_QUEUE_URL: expect.stringMatching(new RegExp(`/${ACCOUNT}/demo-failures${suffix}$`)),
          ...expected.environment,
        });
      }
    }
  });

  it.each(['', '-prod'])("stage%s: each role grants exactly its function's needs, no wildcard action", async (suffix) => {
    for (const [name, expected] of Object.entries(expectedFunctions(suffix))) {
      const role = await roleOf(account.iam, `${name}-${REGION}`);
      expect({ name, grants: grants(role.statements) }).toEqual({ name, grants: expected.grants });
      expect({ name, violations: privilegeViolations(role.statements) }).toEqual({ name, violations: [] });
      expect(role.trust).toEqual([expect.objectContaining({ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] })]);
    }
  });

  it("grants no stage anything on the other's functions, table or queue (statements as the account holds them)", async () => {
    const functions = await functionsByName(account.lambda);
    const resourcesOf = (suffix: string) => [
      ...[...functions.keys()].filter((name) => (suffix === '' ? !name.endsWith('-prod') : name.endsWith(suffix))).map(lambdaArn),
      tableArn(`demo-hot${suffix}`),
      queueArn(`demo-failures${suffix}`),
    ];
    const patternsOf = async (suffix: string) =>
      (await Promise.all(Object.keys(expectedFunctions(suffix)).map(async (name) => grants((await roleOf(account.iam, `${name}-${REGION}`)).statements)))).flat().map((grant) => grant.split(' ')[1] as string);
    expect(functions.size).toBe(10);
    expect(crossMatches(await patternsOf(''), resourcesOf('-prod'))).toEqual([]);
    expect(crossMatches(await patternsOf('-prod'), resourcesOf(''))).toEqual([]);
    // ... while each stage's wildcard does reach its own processors
    expect(crossMatches([lambdaArn('demo-*-processor-prod')], resourcesOf('-prod'))).toHaveLength(2);
  });

  it.each(['', '-prod'])('stage%s: the hot table is keyed by device and timestamp, billed per request; the queue keeps 14 days', async (suffix) => {
    const { Table } = await account.dynamodb.send(new DescribeTableCommand({ TableName: `demo-hot${suffix}` }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'device_id', KeyType: 'HASH' },
      { AttributeName: 'timestamp', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const { QueueUrl } = await account.sqs.send(new GetQueueUrlCommand({ QueueName: `demo-failures${suffix}` }));
    const { Attributes } = await account.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['MessageRetentionPeriod'] }));
    expect(Attributes?.['MessageRetentionPeriod']).toBe('1209600');
  });

  it('holds, per stack, what the emulator does not act on: arm64, TTL, alarms, on-failure destinations; no IoT rule with iotRule=false', async () => {
    for (const suffix of ['', '-prod']) {
      const stage = suffix === '' ? 'dev' : 'prod';
      const persister = await deployedStack(account.cloudformation, `demo-persister-${stage}`);
      const table = persister.template.Resources['HotTable']?.Properties as Record<string, unknown>;
      expect(table['TimeToLiveSpecification']).toEqual({ AttributeName: 'ttl', Enabled: true });
      for (const [stack, fn] of [['demo-persister', `demo-persister${suffix}`], ['demo-wrapper', `demo-processor-wrapper${suffix}`], ['demo-dispatcher', `demo-dispatcher${suffix}`]] as const) {
        const { template, resources } = await deployedStack(account.cloudformation, `${stack}-${stage}`);
        const lambdaFn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
        expect(lambdaFn?.Properties?.['Architectures']).toEqual(['arm64']);
        const alarms = Object.values(template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => resolve(template, r.Properties?.['AlarmName']));
        expect(alarms).toEqual(expect.arrayContaining([`${fn}-errors`, `${fn}-throttles`, `${fn}-async-events-dropped`]));
        const invokeConfig = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::EventInvokeConfig');
        expect(resolve(template, invokeConfig?.Properties?.['DestinationConfig'])).toEqual({ OnFailure: { Destination: queueArn(`demo-failures${suffix}`) } });
        expect(invokeConfig?.Properties).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
        expect(resources).not.toContain('TelemetryTopicRule');
      }
      const queueAlarms = Object.values(persister.template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => resolve(persister.template, r.Properties?.['AlarmName']));
      expect(queueAlarms).toEqual(expect.arrayContaining([`demo-failures${suffix}-visible`, `demo-failures${suffix}-age`]));
    }
  });

  it('deployed the artifacts the builds wrote (sizes reported for the README)', async () => {
    const functions = await functionsByName(account.lambda);
    console.log(`deployed artifacts (dev):\n${[...functions].filter(([name]) => !name.endsWith('-prod')).map(([name, fn]) => `${name}: ${fn.CodeSize} B`).join('\n')}`);
    for (const device of ['thermostat-1', 'pressure-sensor-1']) {
      const zip = statSync(path.join(copy.dir, `dist/processors/processor-${device}.zip`)).size;
      expect([device, functions.get(`demo-${device}-processor`)?.CodeSize]).toEqual([device, zip]);
    }
    for (const service of ['persister', 'wrapper', 'dispatcher']) {
      const zip = statSync(path.join(copy.dir, `apps/${service}/.serverless/demo-${service}.zip`)).size;
      const name = service === 'wrapper' ? 'demo-processor-wrapper' : `demo-${service}`;
      expect([service, functions.get(name)?.CodeSize]).toEqual([service, zip]);
    }
  });

  it('after a commit to one handler, deploys that processor only (its CodeSha256 changes, no other does), and dry runs touch nothing', async () => {
    // Prepare
    const before = new Map([...(await functionsByName(account.lambda))].map(([name, fn]) => [name, fn.CodeSha256]));
    const handler = path.join(copy.dir, 'processors/thermostat-1/src/handler.ts');
    appendFileSync(handler, '\nexport const revision = 2;\n');
    await copy.git('commit', '-qam', 'thermostat-1: revision 2');
    const head = await copy.git('rev-parse', 'HEAD');

    // Act: dry runs first, then the deploy
    const dryRun = await deploy('--stage', 'dev', '--param', 'iotRule=false', '--dry-run');
    const affectedDryRun = await copy.run('npx', ['nx', 'affected', '-t', 'deploy', '--base=HEAD~1', '--head=HEAD', '--dry-run', '--outputStyle=static'], env);
    const afterDryRuns = new Map([...(await functionsByName(account.lambda))].map(([name, fn]) => [name, fn.CodeSha256]));
    const started = Date.now();
    const redeploy = await deploy('--stage', 'dev', '--param', 'iotRule=false');
    console.log(`redeploy of one changed processor: ${((Date.now() - started) / 1000).toFixed(0)} s (checks and deploy)`);
    const after = new Map([...(await functionsByName(account.lambda))].map(([name, fn]) => [name, fn.CodeSha256]));

    // Assess
    expect(dryRun.code).toBe(0);
    expect(dryRun.output).toMatch(/would deploy what changed since twinflow\/deployed\/dev .* in this order:\n {2}1\. processor-thermostat-1 \(processors\/thermostat-1\)\neach with/);
    expect(affectedDryRun.code).toBe(0);
    expect(affectedDryRun.output).toContain('dry run: would deploy processors/thermostat-1 to stage dev');
    expect(afterDryRuns).toEqual(before);
    expect(redeploy.code).toBe(0);
    expect([...redeploy.output.matchAll(/^== \[\d+\/\d+\] (\S+)$/gm)].map((m) => m[1])).toEqual(['processor-thermostat-1']);
    const changed = [...after].filter(([name, sha]) => before.get(name) !== sha).map(([name]) => name);
    expect(changed).toEqual(['demo-thermostat-1-processor']);
    expect(await copy.git('rev-parse', 'twinflow/deployed/dev^{commit}')).toBe(head);
    expect(await copy.git('rev-parse', 'twinflow/deployed/prod^{commit}')).not.toBe(head);
  });

  it('a failed deploy says which stack failed and records nothing; every flag reaches serverless (--aws-profile, --region)', async () => {
    // Prepare
    const handler = path.join(copy.dir, 'processors/pressure-sensor-1/src/handler.ts');
    appendFileSync(handler, '\nexport const revision = 2;\n');
    await copy.git('commit', '-qam', 'pressure-sensor-1: revision 2');
    const recorded = await copy.git('rev-parse', 'twinflow/deployed/dev^{commit}');

    // Act
    const failed = await deploy('--stage', 'dev', '--param', 'iotRule=false', '--aws-profile', 'no-such-profile');
    const otherRegion = await copy.run('npx', ['nx', 'run', 'persister:deploy', '--stage', 'qa', '--region', 'us-west-2', '--outputStyle=static'], env);

    // Assess
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/stack of processor-pressure-sensor-1 failed to deploy/);
    expect(failed.output).toMatch(/no-such-profile/);
    expect(await copy.git('rev-parse', 'twinflow/deployed/dev^{commit}')).toBe(recorded);
    expect(otherRegion.code).toBe(0);
    const west = accountClients(moto.endpoint, 'us-west-2');
    expect((await stacks(west.cloudformation)).get('demo-persister-qa')).toMatch(/_COMPLETE$/);
    expect((await west.lambda.send(new GetFunctionCommand({ FunctionName: 'demo-persister-qa' }))).Configuration?.Role).toBe(`arn:aws:iam::${ACCOUNT}:role/demo-persister-qa-us-west-2`);
    expect((await stacks(account.cloudformation)).has('demo-persister-qa')).toBe(false);
  });

});
