// Reads an (emulated) AWS account the way a reviewer would: functions, their roles' statements,
// stacks and the templates CloudFormation holds for them.
import { CloudFormationClient, GetTemplateCommand, ListStackResourcesCommand, paginateListStacks } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { type FunctionConfiguration, LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { CfnTemplate } from '@twinflow/testing/cloudformation';
import { parsePolicyDocument, type PolicyStatement, statementsOf } from '@twinflow/testing/iamDocuments';

export const DUMMY_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export function accountClients(endpoint: string, region: string) {
  const config = { endpoint, region, credentials: DUMMY_CREDENTIALS };
  return {
    lambda: new LambdaClient(config),
    iam: new IAMClient(config),
    cloudformation: new CloudFormationClient(config),
    dynamodb: new DynamoDBClient(config),
    sqs: new SQSClient(config),
  };
}
export type AccountClients = ReturnType<typeof accountClients>;

/** Every function of the region, by name. */
export async function functionsByName(lambda: LambdaClient): Promise<Map<string, FunctionConfiguration>> {
  const functions = new Map<string, FunctionConfiguration>();
  for await (const page of paginateListFunctions({ client: lambda }, {})) {
    for (const fn of page.Functions ?? []) functions.set(fn.FunctionName ?? '', fn);
  }
  return functions;
}

/** Every statement of every inline policy of a role, and its trust policy. */
export async function roleOf(iam: IAMClient, roleName: string): Promise<{ statements: PolicyStatement[]; trust: PolicyStatement[] }> {
  const role = await iam.send(new GetRoleCommand({ RoleName: roleName }));
  const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
  const statements: PolicyStatement[] = [];
  for (const PolicyName of PolicyNames) {
    const { PolicyDocument = '' } = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName }));
    statements.push(...statementsOf(parsePolicyDocument(PolicyDocument)));
  }
  return { statements, trust: statementsOf(parsePolicyDocument(role.Role?.AssumeRolePolicyDocument ?? '')) };
}

/** Names of the stacks that exist (not deleted), with their status. */
export async function stacks(cloudformation: CloudFormationClient): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for await (const page of paginateListStacks({ client: cloudformation }, {})) {
    for (const stack of page.StackSummaries ?? []) if (stack.StackStatus !== 'DELETE_COMPLETE') found.set(stack.StackName ?? '', stack.StackStatus ?? '');
  }
  return found;
}

/** The template CloudFormation holds for a stack, and the logical ids of the resources it created. */
export async function deployedStack(cloudformation: CloudFormationClient, stackName: string): Promise<{ template: CfnTemplate; resources: string[] }> {
  const { TemplateBody = '{}' } = await cloudformation.send(new GetTemplateCommand({ StackName: stackName }));
  const { StackResourceSummaries = [] } = await cloudformation.send(new ListStackResourcesCommand({ StackName: stackName }));
  return { template: JSON.parse(TemplateBody) as CfnTemplate, resources: StackResourceSummaries.map((r) => r.LogicalResourceId ?? '').filter(Boolean) };
}

const asList = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

/** `"<action> <resource>"` of every Allow statement, logs excluded (Serverless scopes those to the function's log group). */
export function grants(statements: readonly PolicyStatement[]): string[] {
  const found = new Set<string>();
  for (const statement of statements) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of asList(statement.Action)) {
      if (action.startsWith('logs:')) continue;
      for (const resource of asList(statement.Resource)) found.add(`${action} ${resource}`);
    }
  }
  return [...found].sort();
}

/** What breaks least privilege: wildcard actions, NotAction/NotResource, Resource '*'. */
export function privilegeViolations(statements: readonly PolicyStatement[]): string[] {
  return statements.flatMap((statement) => [
    ...asList(statement.Action).filter((action) => action.includes('*')).map((action) => `wildcard action ${action}`),
    ...(statement.NotAction !== undefined || statement.NotResource !== undefined ? ['NotAction/NotResource'] : []),
    ...asList(statement.Resource).filter((resource) => resource === '*').map(() => `resource * for ${asList(statement.Action).join(',')}`),
  ]);
}
