import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CapacityInputError } from '../../src/errors';
import { DEFAULT_PIPELINE } from '../../src/messageShape';
import { readMemorySizes, readRetentionDays, serviceMemoryMb, WORKSPACE } from '../../src/workspace';

describe('the workspace as the calculator reads it', () => {
  it("takes a function's memorySize over the provider's", () => {
    // Prepare
    const yaml = ['service: x', 'provider:', '  name: aws', '  memorySize: 256', 'functions:', '  x:', '    handler: h', '    memorySize: 1024 # more', 'resources:', '  - Arn: !Sub arn:${AWS::Partition}'].join('\n');
    // Assess
    expect(serviceMemoryMb(yaml, 'x.yml')).toBe(1024);
    expect(serviceMemoryMb(yaml.replace('    memorySize: 1024 # more\n', ''), 'x.yml')).toBe(256);
    expect(serviceMemoryMb('service: x\nprovider:\n  name: aws\n', 'x.yml')).toBe(1024); // the framework's default
  });

  it('refuses a memorySize it cannot read as a number', () => {
    // Assess
    expect(() => serviceMemoryMb('provider:\n  memorySize: ${param:memory}\n', 'x.yml')).toThrow(CapacityInputError);
  });

  it("reads this repository's services, processors and retention", () => {
    // Act
    const { memoryMb, processors } = readMemorySizes(WORKSPACE);
    // Assess
    expect(processors).toBeGreaterThan(0);
    for (const mb of Object.values(memoryMb)) expect(mb).toBeGreaterThanOrEqual(128);
    expect(readRetentionDays(WORKSPACE)).toBeGreaterThan(0);
  });

  it("models the services' own batch settings", () => {
    // Prepare: the defaults the services run with (apps/*/src/constants.ts)
    const constant = (app: string, name: string): number => {
      const text = readFileSync(path.join(WORKSPACE, 'apps', app, 'src/constants.ts'), 'utf8');
      return Number(new RegExp(`export const ${name} = (\\d+);`).exec(text)?.[1]);
    };
    // Assess
    expect(DEFAULT_PIPELINE).toEqual({
      wrapperBatchSize: constant('dispatcher', 'DEFAULT_WRAPPER_BATCH_SIZE'),
      processorBatchSize: constant('wrapper', 'DEFAULT_PROCESSOR_BATCH_SIZE'),
      processorConcurrency: constant('wrapper', 'DEFAULT_PROCESSOR_CONCURRENCY'),
    });
  });
});
