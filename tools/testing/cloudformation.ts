// Reads the CloudFormation template `serverless package` writes and resolves its intrinsic functions
// (Ref, Fn::Sub, Fn::Join, Fn::Split, Fn::Select, Fn::GetAtt, Fn::If, Fn::Equals, Fn::Not) against
// fixed pseudo parameters and the template's parameter defaults (see withParameters), so
// template tests compare plain strings such as
// `arn:aws:lambda:eu-central-1:123456789012:function:demo-persister`.
// Anything the resolver does not model throws: a test must never pass on a value it could not read.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const TEST_PARTITION = 'aws';
export const TEST_REGION = 'eu-central-1';
export const TEST_ACCOUNT_ID = '123456789012';

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': TEST_PARTITION,
  'AWS::Region': TEST_REGION,
  'AWS::AccountId': TEST_ACCOUNT_ID,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'test-stack',
};

export interface CfnResource {
  Type: string;
  /** Name of a template condition: the resource exists only when it holds. */
  Condition?: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface CfnTemplate {
  Parameters?: Record<string, { Type: string; Default?: string; AllowedValues?: string[] }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown }>;
}

/** ARNs as the resolver produces them, to write expectations with. */
export const arn = {
  lambdaFunction: (name: string) => `arn:${TEST_PARTITION}:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:${name}`,
  sqsQueue: (name: string) => `arn:${TEST_PARTITION}:sqs:${TEST_REGION}:${TEST_ACCOUNT_ID}:${name}`,
  dynamodbTable: (name: string) => `arn:${TEST_PARTITION}:dynamodb:${TEST_REGION}:${TEST_ACCOUNT_ID}:table/${name}`,
  iamRole: (name: string) => `arn:${TEST_PARTITION}:iam::${TEST_ACCOUNT_ID}:role/${name}`,
  iotRule: (name: string) => `arn:${TEST_PARTITION}:iot:${TEST_REGION}:${TEST_ACCOUNT_ID}:rule/${name}`,
  /** The two ARNs serverless grants a function's own log group (streams, and events in streams). */
  functionLogGroup: (functionName: string) => {
    const group = `arn:${TEST_PARTITION}:logs:${TEST_REGION}:${TEST_ACCOUNT_ID}:log-group:/aws/lambda/${functionName}`;
    return [`${group}:*`, `${group}:*:*`];
  },
};

export const sqsQueueUrl = (name: string) => `https://sqs.${TEST_REGION}.amazonaws.com/${TEST_ACCOUNT_ID}/${name}`;

/** The template of the last `serverless package` of the service in `serviceDir`. */
export function readPackagedTemplate(serviceDir: string): CfnTemplate {
  const file = path.join(serviceDir, '.serverless', 'cloudformation-template-update-stack.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new Error(`No packaged template at ${file}: run \`nx run ${path.basename(serviceDir)}:package\` first`, { cause });
  }
  return JSON.parse(text) as CfnTemplate;
}

/**
 * The template as CloudFormation would see it with these parameter values (a stack's parameters
 * default to what `serverless deploy --param ...` wrote into the template).
 */
export function withParameters(template: CfnTemplate, values: Record<string, string>): CfnTemplate {
  const parameters = { ...template.Parameters };
  for (const [name, value] of Object.entries(values)) {
    const declared = parameters[name];
    if (declared === undefined) throw new Error(`The template has no parameter ${name}`);
    if (declared.AllowedValues && !declared.AllowedValues.includes(value)) throw new Error(`${name} does not allow ${JSON.stringify(value)}`);
    parameters[name] = { ...declared, Default: value };
  }
  return { ...template, Parameters: parameters };
}

/** Whether a template condition holds (with the parameters' defaults). */
export function conditionHolds(template: CfnTemplate, name: string): boolean {
  const condition = template.Conditions?.[name];
  if (condition === undefined) throw new Error(`No condition ${name} in the template`);
  const value = resolve(template, condition);
  if (typeof value !== 'boolean') throw new Error(`Condition ${name} resolved to ${JSON.stringify(value)}`);
  return value;
}

/** `[logicalId, resource]` pairs of one CloudFormation type that the stack would create (their condition holds). */
export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(
    ([, resource]) => resource.Type === type && (resource.Condition === undefined || conditionHolds(template, resource.Condition)),
  );
}

/** The only resource of a type; throws when there is none or more than one. */
export function singleResourceOfType(template: CfnTemplate, type: string): [string, CfnResource] {
  const found = resourcesOfType(template, type);
  if (found.length !== 1) throw new Error(`Expected exactly one ${type}, found ${found.length}`);
  return found[0] as [string, CfnResource];
}

/** What `Ref: AWS::NoValue` resolves to: the property or list item is left out. */
const NO_VALUE = Symbol('AWS::NoValue');

/** `value` with every intrinsic function replaced by what CloudFormation would compute. */
export function resolve(template: CfnTemplate, value: unknown): unknown {
  const resolved = resolveValue(template, value);
  return resolved === NO_VALUE ? undefined : resolved;
}

function resolveValue(template: CfnTemplate, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveValue(template, item)).filter((item) => item !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [key, argument] = entries[0] ?? [];
  if (entries.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::') || key === 'Condition')) {
    return resolveIntrinsic(template, key, argument);
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveValue(template, v)]).filter(([, v]) => v !== NO_VALUE));
}

/** Like `resolve`, for a value that must come out as a string. */
export function resolveString(template: CfnTemplate, value: unknown): string {
  const resolved = resolve(template, value);
  if (typeof resolved !== 'string') throw new Error(`Expected a string, got ${JSON.stringify(resolved)}`);
  return resolved;
}

function resolveIntrinsic(template: CfnTemplate, fn: string, argument: unknown): unknown {
  switch (fn) {
    case 'Ref':
      if (argument === 'AWS::NoValue') return NO_VALUE;
      return ref(template, String(argument));
    case 'Condition':
      return conditionHolds(template, String(argument));
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = argument as [string, unknown, unknown];
      return resolveValue(template, conditionHolds(template, condition) ? whenTrue : whenFalse);
    }
    case 'Fn::Equals': {
      const [left, right] = argument as [unknown, unknown];
      return JSON.stringify(resolve(template, left)) === JSON.stringify(resolve(template, right));
    }
    case 'Fn::Not': {
      const [inner] = argument as [unknown];
      const value = resolve(template, inner);
      if (typeof value !== 'boolean') throw new Error(`Fn::Not of ${JSON.stringify(value)}`);
      return !value;
    }
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(argument) ? argument : String(argument).split('.');
      return getAtt(template, String(logicalId), String(attribute));
    }
    case 'Fn::Sub': {
      const [text, variables = {}] = (Array.isArray(argument) ? argument : [argument]) as [string, Record<string, unknown>?];
      return text.replace(/\$\{(!?)([^}]+)\}/g, (_, literal: string, name: string) => {
        if (literal) return `\${${name}}`;
        if (name in variables) return resolveString(template, variables[name]);
        if (name in PSEUDO_PARAMETERS) return PSEUDO_PARAMETERS[name] as string;
        const [logicalId, attribute] = name.split('.');
        return attribute === undefined ? ref(template, name) : getAtt(template, logicalId as string, attribute);
      });
    }
    case 'Fn::Join': {
      const [delimiter, list] = argument as [string, unknown];
      return asStringList(template, list).join(delimiter);
    }
    case 'Fn::Split': {
      const [delimiter, text] = argument as [string, unknown];
      return resolveString(template, text).split(delimiter);
    }
    case 'Fn::Select': {
      const [index, list] = argument as [number | string, unknown];
      return asStringList(template, list)[Number(index)];
    }
    default:
      throw new Error(`The template test resolver does not model ${fn}`);
  }
}

function asStringList(template: CfnTemplate, value: unknown): string[] {
  const resolved = resolve(template, value);
  if (!Array.isArray(resolved) || resolved.some((item) => typeof item !== 'string')) {
    throw new Error(`Expected a list of strings, got ${JSON.stringify(resolved)}`);
  }
  return resolved as string[];
}

function resourceOf(template: CfnTemplate, logicalId: string): CfnResource {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`No resource ${logicalId} in the template`);
  return resource;
}

function nameProperty(template: CfnTemplate, logicalId: string, property: string): string {
  const value = resourceOf(template, logicalId).Properties?.[property];
  if (value === undefined) throw new Error(`${logicalId} has no ${property}: the test resolver cannot name it`);
  return resolveString(template, value);
}

function ref(template: CfnTemplate, name: string): string {
  const pseudo = PSEUDO_PARAMETERS[name];
  if (pseudo !== undefined) return pseudo;
  const parameter = template.Parameters?.[name];
  if (parameter !== undefined) {
    if (parameter.Default === undefined) throw new Error(`Parameter ${name} has no default: pass it with withParameters`);
    return parameter.Default;
  }
  const { Type } = resourceOf(template, name);
  switch (Type) {
    case 'AWS::Lambda::Function':
      return nameProperty(template, name, 'FunctionName');
    case 'AWS::SQS::Queue':
      return sqsQueueUrl(nameProperty(template, name, 'QueueName'));
    case 'AWS::DynamoDB::Table':
      return nameProperty(template, name, 'TableName');
    case 'AWS::IAM::Role':
      return nameProperty(template, name, 'RoleName');
    case 'AWS::IoT::TopicRule':
      return nameProperty(template, name, 'RuleName');
    case 'AWS::Logs::LogGroup':
      return nameProperty(template, name, 'LogGroupName');
    default:
      throw new Error(`The template test resolver does not model Ref of ${Type} (${name})`);
  }
}

function getAtt(template: CfnTemplate, logicalId: string, attribute: string): string {
  const { Type } = resourceOf(template, logicalId);
  if (attribute === 'Arn') {
    switch (Type) {
      case 'AWS::Lambda::Function':
        return arn.lambdaFunction(nameProperty(template, logicalId, 'FunctionName'));
      case 'AWS::SQS::Queue':
        return arn.sqsQueue(nameProperty(template, logicalId, 'QueueName'));
      case 'AWS::DynamoDB::Table':
        return arn.dynamodbTable(nameProperty(template, logicalId, 'TableName'));
      case 'AWS::IoT::TopicRule':
        return arn.iotRule(nameProperty(template, logicalId, 'RuleName'));
      case 'AWS::IAM::Role': {
        // CloudFormation names a role without RoleName itself; the logical id stands in for it.
        const roleName = resourceOf(template, logicalId).Properties?.['RoleName'];
        return arn.iamRole(roleName === undefined ? logicalId : resolveString(template, roleName));
      }
    }
  }
  if (Type === 'AWS::SQS::Queue' && attribute === 'QueueUrl') return ref(template, logicalId);
  if (Type === 'AWS::SQS::Queue' && attribute === 'QueueName') return nameProperty(template, logicalId, 'QueueName');
  throw new Error(`The template test resolver does not model ${logicalId}.${attribute} of ${Type}`);
}

/** One IAM policy statement with its actions and resources resolved. */
export interface ResolvedStatement {
  /** Logical id of the role (or policy) that carries the statement. */
  owner: string;
  effect: string;
  actions: string[];
  resources: string[];
  /** Set when the statement uses NotAction / NotResource, which grant everything but a list. */
  negated: boolean;
}

const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every statement of every inline policy of every IAM role and policy in the template. */
export function iamStatements(template: CfnTemplate): ResolvedStatement[] {
  const statements: ResolvedStatement[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const documents =
      resource.Type === 'AWS::IAM::Role'
        ? asList(resource.Properties?.['Policies']).map((policy) => (policy as { PolicyDocument: unknown }).PolicyDocument)
        : resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy'
          ? [resource.Properties?.['PolicyDocument']]
          : [];
    for (const document of documents) {
      for (const raw of asList((document as { Statement?: unknown }).Statement)) {
        const statement = raw as Record<string, unknown>;
        statements.push({
          owner: logicalId,
          effect: String(statement['Effect']),
          actions: asList(statement['Action'] ?? statement['NotAction']).map(String),
          resources: asList(resolve(template, statement['Resource'] ?? statement['NotResource'])).map((r) =>
            typeof r === 'string' ? r : JSON.stringify(r),
          ),
          negated: 'NotAction' in statement || 'NotResource' in statement,
        });
      }
    }
  }
  return statements;
}

/**
 * What breaks least privilege in the template, as readable lines (empty when nothing does):
 * wildcard actions (`*`, `sqs:*`, `dynamodb:Put*`), NotAction / NotResource, attached managed
 * policies, and any Allow on a resource outside `allowedResources`.
 */
export function leastPrivilegeViolations(template: CfnTemplate, allowedResources: readonly string[]): string[] {
  const allowed = new Set(allowedResources);
  const violations: string[] = [];
  for (const [logicalId] of resourcesOfType(template, 'AWS::IAM::Role')) {
    const managed = asList(resourceOf(template, logicalId).Properties?.['ManagedPolicyArns']);
    if (managed.length > 0) violations.push(`${logicalId}: managed policies ${JSON.stringify(managed)}`);
  }
  for (const statement of iamStatements(template)) {
    if (statement.effect !== 'Allow') continue;
    if (statement.negated) violations.push(`${statement.owner}: NotAction/NotResource`);
    for (const action of statement.actions) {
      if (action.includes('*')) violations.push(`${statement.owner}: wildcard action ${action}`);
    }
    if (statement.resources.length === 0) violations.push(`${statement.owner}: statement without Resource`);
    for (const resource of statement.resources) {
      if (!allowed.has(resource)) violations.push(`${statement.owner}: ${statement.actions.join(',')} on ${resource}`);
    }
  }
  return violations;
}

/** `"<action> <resource>"` for every Allow of one role or policy, sorted and without duplicates. */
export function grantsOf(template: CfnTemplate, owner: string): string[] {
  const grants = new Set<string>();
  for (const statement of iamStatements(template)) {
    if (statement.owner !== owner || statement.effect !== 'Allow') continue;
    for (const action of statement.actions) for (const resource of statement.resources) grants.add(`${action} ${resource}`);
  }
  return [...grants].sort();
}
