import path from 'node:path';
import { arn, grantsOf, leastPrivilegeViolations, readPackagedTemplate, singleResourceOfType } from '@twinflow/testing/cloudformation';
import { describeServiceAlarms, describeServiceFunction, describeServiceTargets, describeStageSeparation, readTwinSettings } from '@twinflow/testing/serviceSuites';

const serviceDir = path.resolve(__dirname, '../..');
const { twinName: twin } = readTwinSettings();
const template = readPackagedTemplate(serviceDir);

const wrapper = `${twin}-processor-wrapper`;
const persister = `${twin}-persister`;
const processors = [arn.lambdaFunction(`${twin}-*-processor`), arn.lambdaFunction(`${twin}-*-processor:*`)];
const failureQueueArn = arn.sqsQueue(`${twin}-failures`);

describeServiceFunction(serviceDir, {
  functionName: wrapper,
  timeoutSeconds: 60,
  environment: { PERSISTER_FUNCTION: persister, PROCESSOR_TIMEOUT_MS: '20000' },
});

describe('processor timeout', () => {
  it('leaves room within the wrapper timeout for a retry and the persister hand-off', () => {
    const [, fn] = singleResourceOfType(template, 'AWS::Lambda::Function');
    const timeoutMs = Number(fn.Properties?.['Timeout']) * 1000;
    const processorTimeoutMs = Number((fn.Properties?.['Environment'] as { Variables: Record<string, string> }).Variables['PROCESSOR_TIMEOUT_MS']);
    expect(2 * processorTimeoutMs).toBeLessThan(timeoutMs);
  });
});

describe('IAM', () => {
  it("lets the wrapper invoke the twin's processors and the persister and write to the failure queue, nothing else", () => {
    const grants = grantsOf(template, 'IamRoleLambdaExecution').filter((grant) => !grant.startsWith('logs:'));
    expect(grants).toEqual(
      [
        ...processors.map((resource) => `lambda:InvokeFunction ${resource}`),
        `lambda:InvokeFunction ${arn.lambdaFunction(persister)}`,
        `sqs:SendMessage ${failureQueueArn}`,
      ].sort(),
    );
  });

  it('cannot invoke the other platform functions', () => {
    const invocable = grantsOf(template, 'IamRoleLambdaExecution').filter((grant) => grant.startsWith('lambda:'));
    for (const name of [`${twin}-dispatcher`, wrapper]) {
      expect(invocable).not.toContain(`lambda:InvokeFunction ${arn.lambdaFunction(name)}`);
    }
  });

  it('grants no wildcard action and no resource beyond those and its own log group', () => {
    const allowed = [...processors, arn.lambdaFunction(persister), failureQueueArn, ...arn.functionLogGroup(wrapper)];
    expect(leastPrivilegeViolations(template, allowed)).toEqual([]);
  });
});

describe('resources', () => {
  it('creates only its function, log group, role, invoke config and alarms', () => {
    const types = new Set(Object.values(template.Resources).map((resource) => resource.Type));
    expect([...types].sort()).toEqual(
      [
        'AWS::CloudWatch::Alarm',
        'AWS::IAM::Role',
        'AWS::Lambda::EventInvokeConfig',
        'AWS::Lambda::Function',
        'AWS::Lambda::Version',
        'AWS::Logs::LogGroup',
        'AWS::S3::Bucket',
        'AWS::S3::BucketPolicy',
      ].sort(),
    );
  });
});

describeServiceAlarms(serviceDir, wrapper);
describeStageSeparation(serviceDir, wrapper);
describeServiceTargets(serviceDir);
