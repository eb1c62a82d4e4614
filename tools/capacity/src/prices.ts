// AWS's published on-demand prices the calculator bills with: US East (N. Virginia), us-east-1,
// in USD, as of 2026-12-02. Each `source` is AWS's pricing page; AWS renders its price tables
// client-side, so the figures were checked against stored copies of pages quoting them (e.g.
// cloudchipr.com/blog/aws-lambda-pricing, airbyte.com/data-engineering-resources/dynamodb-pricing,
// cloudburn.io/blog/amazon-sqs-pricing, duckbillgroup.com on Lambda's tiered logs); the ones
// marked "not checked" are AWS's well-known published figures, not found in those copies.
// config/twin.json deploys this repository to eu-central-1, whose prices are a few percent higher.
//
// Free tiers (Lambda's 1M requests and 400,000 GB-s, SQS's 1M requests, CloudWatch's 5 GB and
// 10 metrics, DynamoDB's 25 GB) are ignored: the figures are what the workload costs on its own.
// Volume tiers are ignored too, except custom metrics (their first tier ends at 10,000 metrics,
// which a fleet passes at once): every other price is the first tier's, so at the largest volumes
// the figures are upper bounds.

/** One price: USD per `unit`. */
export type Price = { usd: number; unit: string; source: string };

/** A tiered price: `upTo` units (cumulative, `Infinity` for the last) at `usd` each. */
export type PriceTier = { upTo: number; usd: number };

export const PRICES_REGION = 'us-east-1';
export const PRICES_LOOKED_UP = '2026-12-02';

export const PRICES = {
  /** https://aws.amazon.com/lambda/pricing/ — requests, same price for x86_64 and arm64. */
  lambdaRequest: { usd: 0.2 / 1e6, unit: 'request', source: 'https://aws.amazon.com/lambda/pricing/' },
  /**
   * https://aws.amazon.com/lambda/pricing/ — duration on arm64 (Graviton), first 7.5 billion
   * GB-seconds a month ($0.0000120001 for the next 11.25 billion, $0.0000106667 above);
   * x86_64 is $0.0000166667. Billed per 1 ms, rounded up.
   */
  lambdaArmGbSecond: { usd: 0.0000133334, unit: 'GB-second', source: 'https://aws.amazon.com/lambda/pricing/' },
  /**
   * https://aws.amazon.com/dynamodb/pricing/on-demand/ — write request units, standard table
   * class, after the price cut of 2024-11-01 (was $1.25 per million). One WRU writes 1 KB;
   * a conditional write (the persister's INSERT) costs the same as a plain one.
   */
  dynamoWriteRequestUnit: { usd: 0.625 / 1e6, unit: 'write request unit', source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/' },
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — storage, standard table class (not checked). */
  dynamoStorageGbMonth: { usd: 0.25, unit: 'GB-month', source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/' },
  /** https://aws.amazon.com/sqs/pricing/ — standard queue, first 100 billion requests a month; each 64 KB of a payload is one request. */
  sqsRequest: { usd: 0.4 / 1e6, unit: 'request', source: 'https://aws.amazon.com/sqs/pricing/' },
  /**
   * https://aws.amazon.com/cloudwatch/pricing/ — Logs ingestion, standard class; Lambda's logs are
   * tiered since 2025-05-01 ($0.50 the first 10 TB a month, then $0.25, $0.10, $0.05).
   */
  logsIngestionGb: { usd: 0.5, unit: 'GB ingested', source: 'https://aws.amazon.com/cloudwatch/pricing/' },
  /** https://aws.amazon.com/iot-core/pricing/ — messaging, metered per 5 KB, first billion messages a month (not checked). */
  iotMessage: { usd: 1.0 / 1e6, unit: 'message (5 KB)', source: 'https://aws.amazon.com/iot-core/pricing/' },
  /** https://aws.amazon.com/iot-core/pricing/ — rules engine: a rule triggered plus its one action, $0.15 per million each, per 5 KB (not checked). */
  iotRuleAndAction: { usd: 0.3 / 1e6, unit: 'rule + action (5 KB)', source: 'https://aws.amazon.com/iot-core/pricing/' },
} as const satisfies Record<string, Price>;

/**
 * https://aws.amazon.com/cloudwatch/pricing/ — custom metrics (every EMF metric and dimension
 * set is one), per metric-month: first 10,000 $0.30, next 240,000 $0.10, next 750,000 $0.05,
 * above $0.02 (not checked).
 */
export const CUSTOM_METRIC_TIERS: readonly PriceTier[] = [
  { upTo: 10_000, usd: 0.3 },
  { upTo: 250_000, usd: 0.1 },
  { upTo: 1_000_000, usd: 0.05 },
  { upTo: Number.POSITIVE_INFINITY, usd: 0.02 },
];

/** The default concurrency limit of an account in a region (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html). */
export const ACCOUNT_CONCURRENCY_LIMIT = 1_000;

/** Cost of `count` units at tiered prices. */
export function tieredCost(count: number, tiers: readonly PriceTier[]): number {
  let cost = 0;
  let from = 0;
  for (const tier of tiers) {
    if (count <= from) break;
    cost += (Math.min(count, tier.upTo) - from) * tier.usd;
    from = tier.upTo;
  }
  return cost;
}
