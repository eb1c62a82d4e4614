// DynamoDB's BatchExecuteStatement for PartiQL INSERTs, emulated for the local twin: dynalite has
// no PartiQL. Only the persister's statement shape is understood,
//   INSERT INTO "table" VALUE {'a': ?, 'b': ?, ...}   with Parameters,
// answered the way DynamoDB answers it: one response per statement, in order, `DuplicateItem` for
// a key that exists (or that an earlier statement of the request inserts). The caller runs
// `execute` under the front's write lock, so nothing writes between the check and the write.
// Values stay DynamoDB JSON end to end (`call` is dynamoBackend.mjs's signed JSON caller).

const INSERT = /^\s*INSERT\s+INTO\s+"([A-Za-z0-9_.-]{3,255})"\s+VALUE\s+\{\s*('[A-Za-z0-9_.:-]{1,255}'\s*:\s*\?(?:\s*,\s*'[A-Za-z0-9_.:-]{1,255}'\s*:\s*\?)*)\s*\}\s*$/i;
const SUPPORTED = `the local twin supports only INSERT INTO "t" VALUE {'a': ?, ...} statements with Parameters`;
const MAX_STATEMENTS = 25;

/** A DynamoDB-style error for the whole request. */
export class RequestError extends Error {
  constructor(status, type, message) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

/**
 * Reads a BatchExecuteStatement request body into `{ table, names, parameters }` per statement.
 * Every statement must be a supported INSERT, else the whole request fails (`RequestError`, 400
 * ValidationException; unparsable JSON: SerializationException). Problems of one statement's
 * values (parameter count, keys) are left to `execute`, which fails only that statement.
 */
export function parseInsertRequest(body) {
  let input;
  try {
    input = JSON.parse(body);
  } catch {
    throw new RequestError(400, 'com.amazon.coral.service#SerializationException', 'request body is not JSON');
  }
  const statements = input?.Statements;
  if (!Array.isArray(statements) || statements.length < 1 || statements.length > MAX_STATEMENTS) {
    throw new RequestError(400, 'com.amazon.coral.validate#ValidationException', `1 validation error detected: Value at 'statements' failed to satisfy constraint: Member must have length between 1 and ${MAX_STATEMENTS}`);
  }
  return statements.map((statement, i) => {
    const match = typeof statement?.Statement === 'string' ? INSERT.exec(statement.Statement) : null;
    if (match === null) throw new RequestError(400, 'com.amazon.coral.validate#ValidationException', `Statements[${i}]: ${SUPPORTED}, got ${JSON.stringify(statement?.Statement)}`);
    const names = match[2].split(',').map((part) => part.trim().slice(1, part.trim().indexOf("'", 1)));
    return { table: match[1], names, parameters: Array.isArray(statement.Parameters) ? statement.Parameters : [] };
  });
}

/**
 * The emulator over `call(operation, input)`, the backend's DynamoDB JSON API. Key schemas are
 * read once per table with DescribeTable and cached until `forget()` (the front calls it on table
 * changes).
 */
export function createInsertEmulator(call) {
  const schemas = new Map();
  const keySchema = (table) => {
    if (!schemas.has(table)) {
      const pending = call('DescribeTable', { TableName: table }).then(({ Table }) => {
        const types = new Map(Table.AttributeDefinitions.map((d) => [d.AttributeName, d.AttributeType]));
        return Table.KeySchema.map((k) => ({ name: k.AttributeName, type: types.get(k.AttributeName) }));
      });
      pending.catch(() => schemas.delete(table));
      schemas.set(table, pending);
    }
    return schemas.get(table);
  };

  /** Runs parsed statements; resolves `{ Responses }`, rejects with the backend's error. */
  async function execute(statements) {
    const responses = statements.map(({ table }) => ({ TableName: table }));
    const keys = new Map();
    for (const table of new Set(statements.map((s) => s.table))) {
      try {
        keys.set(table, await keySchema(table));
      } catch (error) {
        if (error?.name !== 'ResourceNotFoundException') throw error;
      }
    }
    const candidates = [];
    const seen = new Set();
    statements.forEach((statement, i) => {
      const fail = (Code, Message) => (responses[i].Error = { Code, Message });
      const schema = keys.get(statement.table);
      if (schema === undefined) return fail('ResourceNotFound', 'Requested resource not found');
      const problem = itemProblem(statement, schema);
      if (problem) return fail('ValidationError', problem);
      const item = Object.fromEntries(statement.names.map((name, j) => [name, statement.parameters[j]]));
      const key = JSON.stringify([statement.table, ...schema.map(({ name }) => keyText(item[name]))]);
      if (seen.has(key)) return fail('DuplicateItem', 'Duplicate primary key exists in table');
      seen.add(key);
      candidates.push({ i, table: statement.table, item, key, schema });
    });
    const existing = await existingKeys(call, candidates);
    const fresh = [];
    for (const candidate of candidates) {
      if (existing.has(candidate.key)) responses[candidate.i].Error = { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' };
      else fresh.push(candidate);
    }
    for (const { i, message } of await writeAll(call, fresh)) responses[i].Error = { Code: 'ValidationError', Message: message };
    return { Responses: responses };
  }

  return { execute, forget: () => schemas.clear() };
}

function itemProblem({ names, parameters }, schema) {
  if (parameters.length !== names.length) return `Number of parameters in request and statement don't match (${parameters.length} vs ${names.length})`;
  if (new Set(names).size !== names.length) return 'Duplicate attribute names in the statement';
  for (const { name, type } of schema) {
    const value = parameters[names.indexOf(name)];
    if (value === undefined) return `One or more parameter values were invalid: Missing the key ${name} in the item`;
    if (typeof value !== 'object' || value === null || !(type in value) || value[type] === '') {
      return `One or more parameter values were invalid: Type mismatch for key ${name} expected: ${type}`;
    }
  }
  return undefined;
}

/** The keys (`candidate.key`) that hold an item, from one consistent BatchGetItem per round. */
async function existingKeys(call, candidates) {
  const found = new Set();
  let requests = requestItems(candidates, ({ item, schema }) => Object.fromEntries(schema.map(({ name }) => [name, item[name]])), (table, keys, schema) => ({
    Keys: keys,
    ConsistentRead: true,
    ProjectionExpression: schema.map((_, n) => `#k${n}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(schema.map(({ name }, n) => [`#k${n}`, name])),
  }));
  const schemaOf = new Map(candidates.map((c) => [c.table, c.schema]));
  while (Object.keys(requests).length > 0) {
    const output = await call('BatchGetItem', { RequestItems: requests });
    for (const [table, items] of Object.entries(output.Responses ?? {})) {
      for (const item of items) found.add(JSON.stringify([table, ...schemaOf.get(table).map(({ name }) => keyText(item[name]))]));
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
async function writeAll(call, fresh) {
  if (fresh.length === 0) return [];
  try {
    let requests = requestItems(fresh, ({ item }) => ({ PutRequest: { Item: item } }));
    while (Object.keys(requests).length > 0) requests = (await call('BatchWriteItem', { RequestItems: requests })).UnprocessedItems ?? {};
    return [];
  } catch (error) {
    if (error?.name !== 'ValidationException') throw error;
  }
  const refused = [];
  for (const { i, table, item } of fresh) {
    try {
      await call('PutItem', { TableName: table, Item: item });
    } catch (error) {
      if (error?.name !== 'ValidationException') throw error;
      refused.push({ i, message: error.message });
    }
  }
  return refused;
}

/** `RequestItems` grouped by table: `entry(candidate)` per candidate, `wrap(table, entries, schema)` per table. */
function requestItems(candidates, entry, wrap) {
  const byTable = {};
  for (const candidate of candidates) (byTable[candidate.table] ??= { entries: [], schema: candidate.schema }).entries.push(entry(candidate));
  return Object.fromEntries(Object.entries(byTable).map(([table, { entries, schema }]) => [table, wrap ? wrap(table, entries, schema) : entries]));
}

/** A key attribute value (`{ S }`, `{ N }` or `{ B }`: base64 text) as one string. */
function keyText(value) {
  return value?.S !== undefined ? `S:${value.S}` : value?.N !== undefined ? `N:${value.N}` : `B:${value?.B}`;
}
