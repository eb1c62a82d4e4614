// The ledger's types: what it is told (reading identities, reports), what it answers (counts,
// per-device counts, the account) and its options.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** A reading as the ledger knows it: by event id, with its hot-table key when known. */
export type ReadingIdentity = { eventId: string; deviceId?: string | undefined; timestamp?: string | undefined };
/** A stored reading's hot-table key and event id (for a GetItem). */
export type ReadingKey = { eventId: string; deviceId: string; timestamp: string };
/** Where an accepted reading stands: in the hot table, the failure store, both, or neither (yet). */
export type ReadingStatus = 'unsettled' | 'stored' | 'parked' | 'both';
/** An accepted reading with where it stands (`readings()`, /ledger.json). */
export type LedgerReading = ReadingIdentity & { status: ReadingStatus };
/** The live figures, from the ledger alone (no table read). */
export type LedgerCounts = {
  /** Readings the simulator sent (each send counts, even of an id sent before). */
  sent: number;
  /** Readings the endpoint took, or the dispatcher reported (another sender's too). */
  accepted: number;
  /** Readings the endpoint refused and no service reported. */
  rejectedAtSend: number;
  /** Stored (stored, or stored and parked). */
  persisted: number;
  /** Parked and not stored. */
  failed: number;
  /** Parked and stored after all. */
  storedAndParked: number;
  /** Being sent, or accepted and not settled. */
  inFlight: number;
  /** Stored, parked or both. */
  settled: number;
  /** Reports of an invocation that failed (the shim caught an error). */
  functionErrors: number;
};
/** One device's figures: see {@link Ledger.countsByDevice}. */
export type DeviceCounts = { sent: number; stored: number; parked: number; inFlight: number };
/** The final account (`settle()`): the counts checked against the tables, each missing reading by name. */
export type Account = LedgerCounts & {
  /** Accepted readings in neither table. */
  lost: number;
  /** Their event ids. */
  missing: string[];
  /** Event ids of the readings refused at send. */
  rejected: string[];
  /** Parked (not stored) readings by the reason of their newest record. */
  failedByReason: Record<string, number>;
  /** Stored-and-parked readings by the reason of their newest record. */
  storedAndParkedByReason: Record<string, number>;
  /** Failure records of readings the ledger never accepted. */
  outsideParked: number;
};
/** The fields of a failure record the ledger reads. */
export type ParkedRecordLike = { eventId?: string | undefined; stage: string; reason: string; failedAt?: string | undefined };
/** The services' function names, whose reports the ledger reads. */
export type LedgerFunctions = { dispatcher: string; wrapper: string; persister: string };

/** Options of {@link createLedger}. */
export interface LedgerOptions {
  /** DynamoDB client (the twin's). */
  client: DynamoDBClient;
  /** The hot table, looked up by key. */
  hotTable: string;
  functions: LedgerFunctions;
  /** Every failure record (table and spool). */
  readFailures: () => Promise<readonly ParkedRecordLike[]>;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** A run's per-reading ledger; see {@link createLedger}. */
export interface Ledger {
  /** The simulator is about to send these readings. */
  sending(readings: readonly ReadingIdentity[]): void;
  /** The endpoint took them (202). */
  sent(readings: readonly Pick<ReadingIdentity, 'eventId'>[]): void;
  /** The endpoint refused them: never accepted, unless the dispatcher reports them after all. */
  refused(readings: readonly Pick<ReadingIdentity, 'eventId'>[]): void;
  /** A service's result, posted by its shim (a journal line): `{ function, result }` or `{ function, error }`. */
  report(body: unknown): void;
  /** Checks the readings the persister called stored (a few thousand at most per call). */
  verifyReported(): Promise<void>;
  /** Checks every unsettled reading against the tables (when reports may have been lost). */
  probe(): Promise<void>;
  /** Live figures, from the ledger alone (no table is read). */
  counts(): LedgerCounts;
  /**
   * Live figures per device id, sorted by id, from the ledger alone: `sent` every reading of the
   * device the ledger knows (sent by the simulator, or another sender's heard of from the
   * dispatcher; an id sent twice once), `stored` stored (parked too or not), `parked` parked and
   * not stored, `inFlight` being sent or unsettled. Readings without a device id are left out.
   */
  countsByDevice(): Record<string, DeviceCounts>;
  /** Milliseconds since a reading last settled (or the ledger started). */
  sinceProgressMs(): number;
  /** The newest readings found stored (at most 15), newest first. */
  newestStored(): ReadingKey[];
  /**
   * The final account, checked against the tables: every accepted reading's key is read (one
   * BatchGetItem per 100) and the failure store once. A reading in neither is missing.
   */
  settle(): Promise<Account>;
  /** The readings the endpoint refused (never accepted), by event id. */
  rejectedIds(): string[];
  /** Every accepted reading with where it stands (for tests and /ledger.json). */
  readings(): LedgerReading[];
}
