import { deployedTag, inDeployOrder, serverlessDeployArgs, splitDeployArgs } from '../../src/deployArgs';
import { DeployUsageError } from '../../src/errors';

describe('splitDeployArgs', () => {
  it('reads stage, region and --dry-run in both spellings, and forwards every other flag verbatim, in order', () => {
    // Act
    const options = splitDeployArgs(['-s', 'prod', '--region=us-west-2', '--param', 'iotRule=false', '--aws-profile', 'ops', '--force', '--param=alarmTopicArn=arn:aws:sns:x', '--dry-run']);

    // Assess
    expect(options).toEqual({
      stage: 'prod',
      region: 'us-west-2',
      dryRun: true,
      forwarded: ['--param', 'iotRule=false', '--aws-profile', 'ops', '--force', '--param=alarmTopicArn=arn:aws:sns:x'],
    });
    expect(serverlessDeployArgs({ ...options, stage: options.stage ?? 'unset' })).toEqual([
      'deploy',
      '--stage',
      'prod',
      '--region',
      'us-west-2',
      '--param',
      'iotRule=false',
      '--aws-profile',
      'ops',
      '--force',
      '--param=alarmTopicArn=arn:aws:sns:x',
    ]);
  });

  it("reads the tool's own flags and leaves the region to the template when none is given", () => {
    // Act
    const options = splitDeployArgs(['--stage', 'dev', '--since', 'v1', '--all', '--allow-dirty=false'], { own: ['since'], ownBooleans: ['all', 'allow-dirty'] });

    // Assess
    expect(options).toMatchObject({ stage: 'dev', since: 'v1', all: true, allowDirty: false, forwarded: [] });
    expect(serverlessDeployArgs({ ...options, stage: options.stage ?? 'unset' })).toEqual(['deploy', '--stage', 'dev']);
  });

  it.each([
    [['--stage'], '--stage needs a value'],
    [['--stage', '--force'], '--stage needs a value'],
    [['-s'], '-s needs a value'],
    [['--region=-x'], '--region needs a value'],
    [['--dry-run=maybe'], '--dry-run takes no value (got "maybe")'],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => splitDeployArgs(argv)).toThrow(new DeployUsageError(message));
    expect(() => splitDeployArgs(argv)).toThrow(expect.objectContaining({ code: 'DEPLOY_USAGE' }));
  });

  it('forwards groups of short flags once, and everything after -- verbatim', () => {
    // Act
    const options = splitDeployArgs(['-vf', '--stage', 'dev', '--', '--stage', 'other']);

    // Assess
    expect(options).toEqual({ stage: 'dev', region: undefined, dryRun: false, forwarded: ['-vf', '--', '--stage', 'other'] });
  });
});

describe('deploy order and record', () => {
  it('deploys the persister first (it creates the table and queue), then processors, the wrapper, the dispatcher', () => {
    // Prepare
    const projects = ['dispatcher', 'processor-b', 'wrapper', 'persister', 'processor-a'].map((name) => ({ name, root: name }));

    // Act
    const order = inDeployOrder(projects).map((p) => p.name);

    // Assess
    expect(order).toEqual(['persister', 'processor-a', 'processor-b', 'wrapper', 'dispatcher']);
  });

  it("tags a stage's deploy per stage, and per region when it is not the twin's own", () => {
    expect(deployedTag('prod', undefined, 'eu-central-1')).toBe('twinflow/deployed/prod');
    expect(deployedTag('prod', 'eu-central-1', 'eu-central-1')).toBe('twinflow/deployed/prod');
    expect(deployedTag('prod', 'us-west-2', 'eu-central-1')).toBe('twinflow/deployed/prod.us-west-2');
  });
});
