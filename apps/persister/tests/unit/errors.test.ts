import { parked } from '@twinflow/runtime';
import { dynamoErrorReason, KeyConflictError, StatementError, UnprocessedItemsError, WriteRetriesExhaustedError } from '../../src/errors';

/** The reason a write error parks a reading with: the error's own, else the persister's rule for foreign errors. */
const reasonOf = (error: unknown): string => parked(0, error, { stage: 'persist', original: null, reason: dynamoErrorReason(error) }).reason;

describe('write failure reasons', () => {
  it.each([
    ['a key conflict', new KeyConflictError('thermostat-1', '2026-11-24T07:00:00.000Z', 'e2', 'e1'), 'key-conflict'],
    ['unprocessed items after the budget', new WriteRetriesExhaustedError('demo-hot', 6, { unprocessed: true }), 'retries-exhausted'],
    ['errors after the budget', new WriteRetriesExhaustedError('demo-hot', 6, { unprocessed: false, cause: new Error('x') }), 'dynamodb-unavailable'],
    ['a missing table', Object.assign(new Error('x'), { name: 'ResourceNotFoundException' }), 'table-not-found'],
    ['access denied', Object.assign(new Error('x'), { name: 'AccessDeniedException' }), 'dynamodb-rejected'],
    ['a raw conditional check failure', Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' }), 'key-conflict'],
    ['a statement on a missing table', new StatementError('demo-hot', 'ResourceNotFound'), 'table-not-found'],
    ['a statement refused', new StatementError('demo-hot', 'ValidationError', 'too big'), 'dynamodb-rejected'],
    ['a statement denied', new StatementError('demo-hot', 'AccessDenied'), 'dynamodb-rejected'],
    ['throttled statements after the budget', new WriteRetriesExhaustedError('demo-hot', 6, { unprocessed: true, cause: new StatementError('demo-hot', 'ThrottlingError') }), 'retries-exhausted'],
    ['a non-error', 'boom', 'dynamodb-rejected'],
  ])('maps %s', (_name, error, reason) => {
    // Act / Assess
    expect(reasonOf(error)).toBe(reason);
  });

  it.each([
    ['ResourceNotFoundException', 'table-not-found'],
    ['ConditionalCheckFailedException', 'key-conflict'],
    ['AccessDeniedException', 'dynamodb-rejected'],
    ['ValidationException', 'dynamodb-rejected'],
  ])('maps the SDK error %s to %s by name alone', (name, reason) => {
    // Act / Assess
    expect(dynamoErrorReason(Object.assign(new Error('x'), { name }))).toBe(reason);
  });

  it('carries the reason, retryability and attempts on the typed errors', () => {
    // Act
    const exhausted = new WriteRetriesExhaustedError('demo-hot', 6, { unprocessed: false, cause: new Error('x') });
    const unprocessed = new UnprocessedItemsError('demo-hot', 2, { cause: new StatementError('demo-hot', 'ThrottlingError') });

    // Assess
    expect(exhausted).toMatchObject({ reason: 'dynamodb-unavailable', retryable: true, attempts: 6 });
    expect(unprocessed).toMatchObject({ retryable: true, count: 2, code: 'UNPROCESSED_ITEMS' });
    expect(new StatementError('demo-hot', 'ThrottlingError').retryable).toBe(true);
    expect(new StatementError('demo-hot', 'ValidationError').retryable).toBe(false);
    expect(new KeyConflictError('thermostat-1', '2026-11-24T07:00:00.000Z', 'e2').reason).toBe('key-conflict');
  });

  it('names both readings in a key conflict, and carries the cause', () => {
    // Prepare
    const cause = new Error('ccf');

    // Act
    const error = new KeyConflictError('thermostat-1', '2026-11-24T07:00:00.000Z', 'e2', 'e1', { cause });

    // Assess
    expect(error.message).toContain('"e1"');
    expect(error.message).toContain('"e2"');
    expect(error).toMatchObject({ code: 'KEY_CONFLICT', cause, storedEventId: 'e1', name: 'KeyConflictError' });
  });

  it('says when an event id was reused for another reading', () => {
    // Act
    const error = new KeyConflictError('thermostat-1', '2026-11-24T07:00:00.000Z', 'e1', 'e1');

    // Assess
    expect(error.message).toContain('event id reused for another reading');
    expect(error).toMatchObject({ eventId: 'e1', storedEventId: 'e1' });
  });

  it('names the statement code and the table in a StatementError', () => {
    // Act
    const error = new StatementError('demo-hot', 'ValidationError', 'Item size has exceeded the maximum allowed size');

    // Assess
    expect(error).toMatchObject({ name: 'StatementError', code: 'STATEMENT_FAILED', statementCode: 'ValidationError', table: 'demo-hot' });
    expect(error.message).toBe('DynamoDB refused the insert into "demo-hot": ValidationError: Item size has exceeded the maximum allowed size');
  });
});
