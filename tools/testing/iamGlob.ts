// IAM's resource matching, as the template tests and the emulator e2e check it (the emulator never
// evaluates IAM): in a Resource, `*` matches any run of characters and `?` any one character;
// everything else matches itself.

/** Whether the IAM resource pattern `pattern` matches the ARN `arn`. */
export function iamResourceMatches(pattern: string, arn: string): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(arn);
}

/** `"<pattern> matches <arn>"` for every pair where one of `patterns` matches one of `arns`. */
export function crossMatches(patterns: readonly string[], arns: readonly string[]): string[] {
  return patterns.flatMap((pattern) => arns.filter((arn) => iamResourceMatches(pattern, arn)).map((arn) => `${pattern} matches ${arn}`));
}
