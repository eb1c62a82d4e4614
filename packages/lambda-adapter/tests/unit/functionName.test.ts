import { LambdaAdapterConfigError, isValidQualifier, resolveFunctionName } from '../../src';

describe('resolveFunctionName', () => {
  it('prefixes a plain name', () => {
    // Act / Assess
    expect(resolveFunctionName('persister', 'demo-')).toEqual({ functionName: 'demo-persister', name: 'demo-persister', kind: 'name' });
  });

  it('does not prefix a name that already carries the prefix', () => {
    // Act / Assess
    expect(resolveFunctionName('demo-persister', 'demo-').functionName).toBe('demo-persister');
  });

  it('keeps an alias, a version or $LATEST', () => {
    // Act / Assess
    expect(resolveFunctionName('persister:live', 'demo-')).toEqual({
      functionName: 'demo-persister:live',
      name: 'demo-persister',
      qualifier: 'live',
      kind: 'name',
    });
    expect(resolveFunctionName('persister:12').qualifier).toBe('12');
    expect(resolveFunctionName('persister:$LATEST').qualifier).toBe('$LATEST');
  });

  it('parses a partial ARN without prefixing it', () => {
    // Act / Assess
    expect(resolveFunctionName('123456789012:function:persister:live', 'demo-')).toEqual({
      functionName: '123456789012:function:persister:live',
      name: 'persister',
      qualifier: 'live',
      kind: 'partial-arn',
      accountId: '123456789012',
    });
  });

  it.each([
    ['arn:aws:lambda:eu-central-1:123456789012:function:persister', 'eu-central-1', undefined],
    ['arn:aws-cn:lambda:cn-north-1:123456789012:function:persister:live', 'cn-north-1', 'live'],
    ['arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:persister:3', 'us-gov-west-1', '3'],
  ])('parses the full ARN %s without prefixing it', (arn, region, qualifier) => {
    // Act
    const resolved = resolveFunctionName(arn, 'demo-');

    // Assess
    expect(resolved).toMatchObject({ functionName: arn, name: 'persister', kind: 'arn', accountId: '123456789012', region });
    expect(resolved.qualifier).toBe(qualifier);
  });

  it.each([
    [undefined, 'required'],
    ['', 'required'],
    ['with space', "may only contain letters, digits, '-' and '_'"],
    ['name:', 'qualifier'],
    ['name:a.b', 'qualifier'],
    ['a:b:c', 'expected a name'],
    ['x'.repeat(65), 'longer than 64'],
    ['x'.repeat(171), 'at most 170'],
    ['arn:aws:lambda:eu-central-1:123456789012:layer:x', 'is not a Lambda function ARN'],
    ['arn:aws:lambda:eu-central-1:123456789012:function:', 'is not a Lambda function ARN'],
    ['arn:aws:lambda:eu-central-1:123456789012:function:ok:bad.q', 'qualifier'],
  ])('rejects %p (%s)', (value, problem) => {
    // Act
    const resolve = (): unknown => resolveFunctionName(value);

    // Assess
    expect(resolve).toThrow(LambdaAdapterConfigError);
    expect(resolve).toThrow(problem);
    expect(resolve).toThrow('"functionName"');
  });

  it('rejects a prefixed name longer than 64 characters', () => {
    // Act / Assess
    expect(() => resolveFunctionName('x'.repeat(60), 'demo-')).toThrow(/longer than 64/);
  });

  it.each([['demo/'], ['x'.repeat(64)], [5]])('rejects the prefix %p', (prefix) => {
    // Act / Assess
    expect(() => resolveFunctionName('persister', prefix)).toThrow('"functionPrefix"');
  });
});

describe('isValidQualifier', () => {
  it.each([
    ['$LATEST', true],
    ['7', true],
    ['live', true],
    ['blue_green-2', true],
    ['', false],
    ['a b', false],
    ['$latest', false],
    ['q'.repeat(129), false],
    [7, false],
  ])('%p → %p', (value, valid) => {
    // Act / Assess
    expect(isValidQualifier(value)).toBe(valid);
  });
});
