/**
 * The twin runs what ships: for every function it serves, the code it loads is byte for byte the
 * file in the zip `serverless deploy` uploads — the services' `serverless package` artifact (the
 * S3 key of their CloudFormation template), each processor's `package.artifact` (its `nx build`
 * zip) — and the handler it calls is the one the template names.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { LocalTwin } from '@twinflow/local-twin';

const ports = { lambda: 8002, dynamodb: 8567, health: 8100 };

type Template = { Resources: Record<string, { Type: string; Properties: { FunctionName?: string; Handler?: string; Code?: { S3Key?: string } } }> };

/** The function's Handler and the artifact's file name in its CloudFormation template, or undefined for a processor (built outside serverless package). */
function templateFunction(workspace: string, project: string, functionName: string, device: string | undefined): { handler: string; zipName: string } | undefined {
  if (device !== undefined) return undefined;
  const template = JSON.parse(readFileSync(path.join(workspace, 'apps', project, '.serverless/cloudformation-template-update-stack.json'), 'utf8')) as Template;
  const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === functionName);
  if (fn === undefined) throw new Error(`${project}: no AWS::Lambda::Function named ${functionName}`);
  return { handler: fn.Properties.Handler ?? '', zipName: path.basename(fn.Properties.Code?.S3Key ?? '') };
}

/** A processor's `package.artifact` from its serverless.yml, resolved against its folder. */
function processorArtifactPath(workspace: string, device: string): string {
  const yml = readFileSync(path.join(workspace, 'processors', device, 'serverless.yml'), 'utf8');
  const artifact = /^\s+artifact:\s*(\S+)\s*$/m.exec(yml)?.[1];
  if (artifact === undefined) throw new Error(`processors/${device}/serverless.yml names no package.artifact`);
  return path.resolve(workspace, 'processors', device, artifact);
}

describe('the local twin runs the shipped artifacts', () => {
  let twin: LocalTwin;

  beforeAll(async () => {
    twin = await LocalTwin.start({ ports, workDir: path.join(__dirname, '../../../../tmp/local-twin-artifacts') });
  });
  afterAll(async () => {
    await twin?.stop();
  });

  it('serves every service and processor from its deployment zip', () => {
    const served = [...twin.artifacts.keys()].sort();
    expect(served).toEqual(
      [twin.functionNames.dispatcher, twin.functionNames.wrapper, twin.functionNames.persister, ...Object.values(twin.functionNames.processors)].sort(),
    );
    for (const artifact of twin.artifacts.values()) {
      const fromTemplate = templateFunction(twin.workspace, artifact.project, artifact.functionName, artifact.device);
      if (fromTemplate) {
        // The zip `serverless deploy` uploads (its S3 key) and the handler Lambda calls.
        expect(path.basename(artifact.zipPath)).toBe(fromTemplate.zipName);
        expect(artifact.handler).toBe(fromTemplate.handler);
      } else {
        expect(artifact.zipPath).toBe(processorArtifactPath(twin.workspace, artifact.device ?? ''));
      }
    }
  });

  it('loads code byte-identical to each zip entry', () => {
    for (const artifact of twin.artifacts.values()) {
      expect(artifact.files.size).toBeGreaterThan(0);
      for (const [name, bytes] of artifact.files) {
        const installed = readFileSync(path.join(artifact.installedIn, name));
        expect({ fn: artifact.functionName, name, same: Buffer.compare(installed, bytes) === 0 }).toEqual({ fn: artifact.functionName, name, same: true });
      }
      // The zip on disk is the one the twin read (nothing rebuilt in between).
      expect(readFileSync(artifact.zipPath).length).toBeGreaterThan(0);
    }
  });

  it('points each function entry at that code', () => {
    for (const artifact of twin.artifacts.values()) {
      const handlerFile = `${artifact.handler.slice(0, artifact.handler.lastIndexOf('.'))}.js`;
      if (artifact.device !== undefined) {
        const device = artifact.device;
        const pointer = readFileSync(path.join(twin.workDir, 'functions/processors', `${device}.current`), 'utf8').trim();
        expect(pointer).toBe(path.join(artifact.installedIn, handlerFile));
      } else {
        const entry = readFileSync(path.join(twin.workDir, 'functions', `${artifact.project}.js`), 'utf8');
        expect(entry).toContain(JSON.stringify(`./apps/${artifact.project}/${handlerFile}`));
      }
    }
  });

  it('answers from that code: every function is healthy under its real name', async () => {
    for (const name of [twin.functionNames.dispatcher, twin.functionNames.wrapper, twin.functionNames.persister]) {
      const out = await twin.lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"action":"health"}') }));
      expect(out.FunctionError).toBeUndefined();
      expect(JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8'))).toMatchObject({ status: expect.stringMatching(/healthy|degraded/) });
    }
  });
});
