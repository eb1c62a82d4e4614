// DynamoDB's BatchExecuteStatement for PartiQL INSERTs, emulated for the local twin: dynalite has
// no PartiQL. Only the persister's statement shape is understood,
//   INSERT INTO "table" VALUE {'a': ?, 'b': ?, ...}   with Parameters,
// answered the way DynamoDB answers it: one response per statement, in order, `DuplicateItem` for
// a key that exists (or that an earlier statement of the request inserts). The caller runs
// `execute` under the front's write lock, so nothing writes between the check and the write.
// Values stay DynamoDB JSON end to end (`call` is dynamoBackend.ts's signed JSON caller).
import { TwinflowError } from '@twinflow/core';
import type { BackendCaller } from './dynamoBackend';

const INSERT = /^\s*INSERT\s+INTO\s+"([A-Za-z0-9_.-]{3,255})"\s+VALUE\s+\{\s*('[A-Za-z0-9_.:-]{1,255}'\s*:\s*\?(?:\s*,\s*'[A-Za-z0-9_.:-]{1,255}'\s*:\s*\?)*)\s*\}\s*$/i;
const SUPPORTED = `the local twin supports only INSERT INTO "t" VALUE {'a': ?, ...} statements with Parameters`;
const MAX_STATEMENTS = 25;
const VALIDATION = 'com.amazon.coral.validate#ValidationException';
const DUPLICATE = { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' };

/** One supported INSERT of a request: its table, attribute names and (unchecked) parameter values. */
export type InsertStatement = { table: string; names: string[]; parameters: unknown[] };
/** DynamoDB's answer for one statement. */
export type StatementResponse = { TableName: string; Error?: { Code: string; Message: string } };
/** The emulator over a backend; see {@link createInsertEmulator}. */
export interface InsertEmulator {
  /** Runs parsed statements; resolves `{ Responses }` in statement order, rejects with the backend's error. */
  execute(statements: readonly InsertStatement[]): Promise<{ Responses: StatementResponse[] }>;
  /** Forgets the cached key schemas (after a table change). */
  forget(): void;
}

/** A DynamoDB-style error for the whole request: its HTTP status and `__type`. */
export class RequestError extends TwinflowError {
  public constructor(
    public readonly status: number,
    public readonly type: string,
    message: string,
  ) {
    super(message, 'LOCAL_DYNAMODB_REQUEST_REFUSED');
  }
}

/**
 * Reads a BatchExecuteStatement request body into `{ table, names, parameters }` per statement.
 * Every statement must be a supported INSERT, else the whole request fails (`RequestError`, 400
 * ValidationException; unparsable JSON: SerializationException). Problems of one statement's
 * values (parameter count, keys) are left to `execute`, which fails only that statement.
 */
export function parseInsertRequest(body: string): InsertStatement[] {
  let input: unknown;
  try {
    input = JSON.parse(body);
  } catch {
    throw new RequestError(400, 'com.amazon.coral.service#SerializationException', 'request body is not JSON');
  }
  const statements = isRecord(input) ? input['Statements'] : undefined;
  if (!Array.isArray(statements) || statements.length < 1 || statements.length > MAX_STATEMENTS) {
    throw new RequestError(400, VALIDATION, `1 validation error detected: Value at 'statements' failed to satisfy constraint: Member must have length between 1 and ${MAX_STATEMENTS}`);
  }
  return statements.map((statement: unknown, i) => {
    const text = isRecord(statement) ? statement['Statement'] : undefined;
    const match = typeof text === 'string' ? INSERT.exec(text) : null;
    if (match === null || match[1] === undefined || match[2] === undefined) throw new RequestError(400, VALIDATION, `Statements[${i}]: ${SUPPORTED}, got ${JSON.stringify(text)}`);
    const names = match[2].split(',').map((part) => part.trim().slice(1, part.trim().indexOf("'", 1)));
    const parameters = isRecord(statement) && Array.isArray(statement['Parameters']) ? (statement['Parameters'] as unknown[]) : [];
    return { table: match[1], names, parameters };
  });
}

type KeyAttribute = { name: string; type: string };
type Candidate = { i: number; table: string; item: Record<string, unknown>; key: string; schema: KeyAttribute[] };
type DescribeTableOutput = { Table: { AttributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>; KeySchema: Array<{ AttributeName: string }> } };

/**
 * The emulator over `call(operation, input)`, the backend's DynamoDB JSON API. Key schemas are
 * read once per table with DescribeTable and cached until `forget()` (the front calls it on table
 * changes).
 */
export function createInsertEmulator(call: BackendCaller): InsertEmulator {
  const schemas = new Map<string, Promise<KeyAttribute[]>>();
  const keySchema = (table: string): Promise<KeyAttribute[]> => {
    let pending = schemas.get(table);
    if (pending === undefined) {
      pending = call<DescribeTableOutput>('DescribeTable', { TableName: table }).then(({ Table }) => {
        const types = new Map(Table.AttributeDefinitions.map((d) => [d.AttributeName, d.AttributeType]));
        return Table.KeySchema.map((k) => ({ name: k.AttributeName, type: types.get(k.AttributeName) ?? 'S' }));
      });
      pending.catch(() => schemas.delete(table));
      schemas.set(table, pending);
    }
    return pending;
  };

  async function execute(statements: readonly InsertStatement[]): Promise<{ Responses: StatementResponse[] }> {
    const responses: StatementResponse[] = statements.map(({ table }) => ({ TableName: table }));
    const keys = new Map<string, KeyAttribute[]>();
    for (const table of new Set(statements.map((s) => s.table))) {
      try {
        keys.set(table, await keySchema(table));
      } catch (error) {
        if ((error as Error | undefined)?.name !== 'ResourceNotFoundException') throw error;
      }
    }
    const candidates: Candidate[] = [];
    const seen = new Set<string>();
    statements.forEach((statement, i) => {
      const response = responses[i] as StatementResponse;
      const schema = keys.get(statement.table);
      if (schema === undefined) return void (response.Error = { Code: 'ResourceNotFound', Message: 'Requested resource not found' });
      const problem = itemProblem(statement, schema);
      if (problem) return void (response.Error = { Code: 'ValidationError', Message: problem });
      const item = Object.fromEntries(statement.names.map((name, j) => [name, statement.parameters[j]]));
      const key = JSON.stringify([statement.table, ...schema.map(({ name }) => keyText(item[name]))]);
      if (seen.has(key)) return void (response.Error = { ...DUPLICATE });
      seen.add(key);
      candidates.push({ i, table: statement.table, item, key, schema });
    });
    const existing = await existingKeys(call, candidates);
    const fresh: Candidate[] = [];
    for (const candidate of candidates) {
      if (existing.has(candidate.key)) (responses[candidate.i] as StatementResponse).Error = { ...DUPLICATE };
      else fresh.push(candidate);
    }
    for (const { i, message } of await writeAll(call, fresh)) (responses[i] as StatementResponse).Error = { Code: 'ValidationError', Message: message };
    return { Responses: responses };
  }

  return { execute, forget: () => schemas.clear() };
}

function itemProblem({ names, parameters }: InsertStatement, schema: readonly KeyAttribute[]): string | undefined {
  if (parameters.length !== names.length) return `Number of parameters in request and statement don't match (${parameters.length} vs ${names.length})`;
  if (new Set(names).size !== names.length) return 'Duplicate attribute names in the statement';
  for (const { name, type } of schema) {
    const value = parameters[names.indexOf(name)];
    if (value === undefined) return `One or more parameter values were invalid: Missing the key ${name} in the item`;
    if (!isRecord(value) || !(type in value) || value[type] === '') return `One or more parameter values were invalid: Type mismatch for key ${name} expected: ${type}`;
  }
  return undefined;
}

/** The keys (`candidate.key`) that hold an item, from one consistent BatchGetItem per round. */
async function existingKeys(call: BackendCaller, candidates: readonly Candidate[]): Promise<Set<string>> {
  const found = new Set<string>();
  let requests: Record<string, unknown> = requestItems(candidates, ({ item, schema }) => Object.fromEntries(schema.map(({ name }) => [name, item[name]])), (entries, schema) => ({
    Keys: entries,
    ConsistentRead: true,
    ProjectionExpression: schema.map((_, n) => `#k${n}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(schema.map(({ name }, n) => [`#k${n}`, name])),
  }));
  const schemaOf = new Map(candidates.map((c) => [c.table, c.schema]));
  while (Object.keys(requests).length > 0) {
    const output = await call<{ Responses?: Record<string, Array<Record<string, unknown>>>; UnprocessedKeys?: Record<string, unknown> }>('BatchGetItem', { RequestItems: requests });
    for (const [table, items] of Object.entries(output.Responses ?? {})) {
      for (const item of items) found.add(JSON.stringify([table, ...(schemaOf.get(table) ?? []).map(({ name }) => keyText(item[name]))]));
    }
    requests = output.UnprocessedKeys ?? {};
  }
  return found;
}

/**
 * Writes the items with BatchWriteItem (unprocessed items again). A batch DynamoDB refuses as a
 * whole (ValidationException: one item too large, say) is written one PutItem at a time, so only
 * the bad statements fail; returns those with DynamoDB's message.
 */
async function writeAll(call: BackendCaller, fresh: readonly Candidate[]): Promise<Array<{ i: number; message: string }>> {
  if (fresh.length === 0) return [];
  try {
    let requests: Record<string, unknown> = requestItems(fresh, ({ item }) => ({ PutRequest: { Item: item } }));
    while (Object.keys(requests).length > 0) requests = (await call<{ UnprocessedItems?: Record<string, unknown> }>('BatchWriteItem', { RequestItems: requests })).UnprocessedItems ?? {};
    return [];
  } catch (error) {
    if ((error as Error | undefined)?.name !== 'ValidationException') throw error;
  }
  const refused: Array<{ i: number; message: string }> = [];
  for (const { i, table, item } of fresh) {
    try {
      await call('PutItem', { TableName: table, Item: item });
    } catch (error) {
      if ((error as Error | undefined)?.name !== 'ValidationException') throw error;
      refused.push({ i, message: (error as Error).message });
    }
  }
  return refused;
}

/** `RequestItems` grouped by table: `entry(candidate)` per candidate, `wrap(entries, schema)` per table (default: the entries). */
function requestItems(candidates: readonly Candidate[], entry: (candidate: Candidate) => unknown, wrap: (entries: unknown[], schema: KeyAttribute[]) => unknown = (entries) => entries): Record<string, unknown> {
  const byTable = new Map<string, { entries: unknown[]; schema: KeyAttribute[] }>();
  for (const candidate of candidates) {
    let group = byTable.get(candidate.table);
    if (group === undefined) byTable.set(candidate.table, (group = { entries: [], schema: candidate.schema }));
    group.entries.push(entry(candidate));
  }
  return Object.fromEntries([...byTable].map(([table, { entries, schema }]) => [table, wrap(entries, schema)]));
}

/** A key attribute value (`{ S }`, `{ N }` or `{ B }`: base64 text) as one string. */
function keyText(value: unknown): string {
  const v = isRecord(value) ? value : {};
  return v['S'] !== undefined ? `S:${String(v['S'])}` : v['N'] !== undefined ? `N:${String(v['N'])}` : `B:${String(v['B'])}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
