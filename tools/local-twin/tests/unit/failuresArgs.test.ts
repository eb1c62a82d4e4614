import { FailuresUsageError, USAGE, main, parseFailuresArgs } from '../../src/failures';

/** What `main(argv)` printed and answered, console muted. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
  const code = await main(argv);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('parseFailuresArgs', () => {
  it('reads a local command with its selection and output flags', () => {
    // Act
    const options = parseFailuresArgs(['replay', '--device', 'thermostat-1', '--reason', 'function-error', '--max', '5', '--dry-run', '--json', '--dynamodb-endpoint', 'http://127.0.0.1:4567']);

    // Assess
    expect(options).toEqual({
      command: 'replay',
      mode: 'local',
      stage: undefined,
      queueUrl: undefined,
      region: undefined,
      lambdaEndpoint: undefined,
      dynamodbEndpoint: 'http://127.0.0.1:4567',
      spoolFile: undefined,
      device: 'thermostat-1',
      reason: 'function-error',
      max: 5,
      dryRun: true,
      json: true,
    });
  });

  it('reads --stage or --queue-url as the SQS mode', () => {
    // Act
    const byStage = parseFailuresArgs(['list', '--stage', 'qa', '--region', 'eu-west-1']);
    const byUrl = parseFailuresArgs(['purge', '--queue-url', 'https://sqs.eu-central-1.amazonaws.com/123456789012/demo-failures']);

    // Assess
    expect(byStage).toMatchObject({ command: 'list', mode: 'sqs', stage: 'qa', region: 'eu-west-1', dryRun: false, json: false });
    expect(byUrl).toMatchObject({ command: 'purge', mode: 'sqs', queueUrl: 'https://sqs.eu-central-1.amazonaws.com/123456789012/demo-failures' });
  });

  it('answers -h and --help with help whatever else is given', () => {
    // Act & Assess
    expect(parseFailuresArgs(['-h'])).toEqual({ help: true });
    expect(parseFailuresArgs(['list', '--help'])).toEqual({ help: true });
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [[], /^expected "list", "replay" or "purge", got ""$/],
    [['show'], /^expected "list", "replay" or "purge", got "show"$/],
    [['list', 'extra'], /^unexpected argument "extra"$/],
    [['list', '--region', 'eu-west-1'], /^--region needs --stage or --queue-url/],
    [['list', '--stage', 'qa', '--spool-file', 'x'], /^--spool-file is for the local twin/],
    [['list', '--queue-url', 'https://sqs.x/1/demo-failures', '--lambda-endpoint', 'http://x'], /^--lambda-endpoint is for the local twin/],
    [['list', '--stage', 'Bad_Stage'], /^--stage: /],
    [['list', '--stage', 'qa', '--region', 'mars'], /^--region: expected an AWS region such as eu-central-1, got "mars"$/],
    [['list', '--queue-url', 'demo-failures'], /^--queue-url: expected an SQS queue URL/],
    [['list', '--device', 'Not A Device'], /^--device: "Not A Device" is not a valid device id$/],
    [['list', '--reason', '  '], /^--reason: expected a reason such as function-error$/],
    [['list', '--max', '0'], /^--max: expected a positive integer, got "0"$/],
    [['list', '--max', '1.5'], /^--max: expected a positive integer, got "1.5"$/],
    [['list', '--max', '1e3'], /^--max: expected a positive integer, got "1e3"$/],
    [['list', '--max'], /argument missing/],
    [['list', '--json=yes'], /does not take an argument/],
  ])('refuses %j with a usage error naming the problem', (argv, message) => {
    // Act
    const parse = (): unknown => parseFailuresArgs(argv);

    // Assess
    expect(parse).toThrow(FailuresUsageError);
    expect(parse).toThrow(message);
  });
});

describe('main', () => {
  it('prints the usage for --help and exits 0', async () => {
    // Act
    const { code, stdout } = await run(['--help']);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toBe(USAGE);
  });

  it('exits 2 on bad usage, with the problem and the usage on stderr', async () => {
    // Act
    const { code, stdout, stderr } = await run(['list', '--max', 'x']);

    // Assess
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`failures: --max: expected a positive integer, got "x"\n\n${USAGE}`);
  });

  it('exits 2 when the stage of a --queue-url cannot be told from its name', async () => {
    // Act
    const { code, stderr } = await run(['list', '--queue-url', 'http://127.0.0.1:9/000000000000/other-queue', '--region', 'eu-central-1']);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(/^failures: cannot tell the stage from http:\/\/127\.0\.0\.1:9\/000000000000\/other-queue: expected a queue named demo-failures\[-\{stage\}\], or give --stage\n\nUsage:/);
  });

  it('exits 1 naming the endpoint when the local store cannot be read', async () => {
    // Act
    const { code, stderr } = await run(['list', '--dynamodb-endpoint', 'http://127.0.0.1:9']);

    // Assess
    expect(code).toBe(1);
    expect(stderr).toMatch(/^failures: cannot read the failure store at http:\/\/127\.0\.0\.1:9 — is the local twin running \(npm start\)\? \(/);
  });
});
