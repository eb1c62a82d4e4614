// The status the console shows for each function, derived from health reports and error rates,
// and the pipeline those functions form. Pure: runs on the server and, bundled, in the page.
import type { ComponentHealth, ConsoleDocument, FunctionHealth, FunctionMetrics, UnreachableFunction } from './sources';

/**
 * When the console calls a function degraded or failing. A function's shown status is the
 * worst of what its health report says and what its recent error rate says, so a function
 * failing 15 % of its calls is never shown healthy, whatever its report's own status.
 */
export const STATUS_THRESHOLDS = {
  /** Share of failed calls in the report's rolling window (`windowErrorRate`) from which a function is degraded. */
  degradedErrorRate: 0.05,
  /** Share of failed calls in the rolling window from which a function is failing. */
  failingErrorRate: 0.1,
  /** Calls a function must have had before its error rate counts (one failure of two calls says little). */
  minCalls: 5,
} as const;

/** What the console shows a function as. `idle`: no call to it was seen yet. */
export type ShownStatus = 'healthy' | 'degraded' | 'failing' | 'unreachable' | 'idle';

const SEVERITY: Record<ShownStatus, number> = { idle: 0, healthy: 1, degraded: 2, failing: 3, unreachable: 4 };

/** The worse of two statuses. */
export function worstStatus(a: ShownStatus, b: ShownStatus): ShownStatus {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * The status to show for a function whose calls `health` describes: its report's status in
 * words (`unhealthy` → failing), made worse by an open (failing) or half-open (degraded)
 * circuit and by the rolling error rate against {@link STATUS_THRESHOLDS}.
 *
 * @example
 * ```ts
 * shownStatus({ ...component, status: 'healthy', windowErrorRate: 0.15, totalRequests: 40 }); // 'failing'
 * ```
 */
export function shownStatus(health: ComponentHealth | undefined): ShownStatus {
  if (health === undefined) return 'idle';
  let status: ShownStatus = health.status === 'unhealthy' ? 'failing' : health.status === 'degraded' ? 'degraded' : 'healthy';
  if (health.circuit === 'open') status = worstStatus(status, 'failing');
  if (health.circuit === 'half-open') status = worstStatus(status, 'degraded');
  if ((health.totalRequests ?? 0) >= STATUS_THRESHOLDS.minCalls) {
    const rate = health.windowErrorRate ?? 0;
    if (rate >= STATUS_THRESHOLDS.failingErrorRate) status = worstStatus(status, 'failing');
    else if (rate >= STATUS_THRESHOLDS.degradedErrorRate) status = worstStatus(status, 'degraded');
  }
  return status;
}

/** Whether a function's health answer is the "could not invoke it" marker. */
export function isUnreachable(health: FunctionHealth | undefined): health is UnreachableFunction {
  return health !== undefined && health.status === 'unreachable';
}

/** One box of the pipeline drawing. */
export type PipelineNode = {
  /** What it is: `dispatcher`, `wrapper`, `processor`, `persister`, `table`. */
  role: 'dispatcher' | 'wrapper' | 'processor' | 'persister' | 'table';
  /** Function (or table) name. */
  name: string;
  /** Short label: the role, or the device id of a processor. */
  label: string;
  status: ShownStatus;
  /** How its caller sees calls to it (the caller's report component), when it has a caller. */
  calls?: ComponentHealth;
  /** Its caller's adapter metrics for it. */
  metrics?: FunctionMetrics;
  /** Why it is unreachable, or that DynamoDB is stopped. */
  note?: string;
};

/** The pipeline as drawn: dispatcher → wrapper → processors → persister → hot table. */
export type Pipeline = { dispatcher: PipelineNode; wrapper: PipelineNode; processors: PipelineNode[]; persister: PipelineNode; table: PipelineNode };

/**
 * The pipeline's nodes with their statuses. Each node shows the health of the calls made to
 * it, as its caller's report sees them (the dispatcher's report has the wrapper, the
 * wrapper's the processors and the persister, the persister's the hot table), and a service
 * that did not answer its own health call is unreachable. The dispatcher has no caller in
 * the twin: it is healthy while it answers.
 */
export function pipelineOf(doc: Pick<ConsoleDocument, 'functions' | 'metrics' | 'functionNames' | 'hotTable' | 'dynamodb'>): Pipeline {
  const names = doc.functionNames;
  const componentOf = (caller: string, callee: string): ComponentHealth | undefined => {
    const report = doc.functions[caller];
    return report === undefined || isUnreachable(report) ? undefined : report.components[callee];
  };
  const node = (role: PipelineNode['role'], name: string, label: string, caller: string | undefined): PipelineNode => {
    const calls = caller === undefined ? undefined : componentOf(caller, name);
    const own = doc.functions[name];
    let status: ShownStatus = caller === undefined ? 'healthy' : shownStatus(calls);
    const result: PipelineNode = { role, name, label, status };
    if (calls !== undefined) result.calls = calls;
    const metrics = doc.metrics[name];
    if (metrics !== undefined) result.metrics = metrics;
    if (isUnreachable(own)) {
      status = 'unreachable';
      result.note = own.error;
    }
    result.status = status;
    return result;
  };
  const table = node('table', doc.hotTable, 'hot table', names.persister);
  if (!doc.dynamodb.available) {
    table.status = worstStatus(table.status, 'failing');
    table.note = 'DynamoDB stopped';
  }
  return {
    dispatcher: node('dispatcher', names.dispatcher, 'dispatcher', undefined),
    wrapper: node('wrapper', names.wrapper, 'wrapper', names.dispatcher),
    processors: Object.entries(names.processors)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([device, fn]) => node('processor', fn, device, names.wrapper)),
    persister: node('persister', names.persister, 'persister', names.wrapper),
    table,
  };
}
