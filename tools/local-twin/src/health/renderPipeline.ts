// The pipeline drawing: dispatcher → wrapper → processors → persister → hot table, one box per
// function with its status, circuit, recent error rate, latency and circuit cool-down.
import { countdown, esc, milliseconds, percent } from './format';
import type { Pipeline, PipelineNode } from './status';

/**
 * The pipeline as HTML: each node a `.node` with `data-node` (its name), `data-role` and
 * `data-status` (the shown status word); an open circuit with a known reopen time carries a
 * `.countdown` with `data-retry-at`, which the page ticks every second.
 *
 * @example
 * ```ts
 * renderPipeline(pipelineOf(doc), Date.parse(doc.generatedAt));
 * ```
 */
export function renderPipeline(pipeline: Pipeline, nowMs: number): string {
  const arrow = '<div class="arrow" aria-hidden="true">→</div>';
  const processors =
    pipeline.processors.length === 0
      ? '<div class="node status-idle" data-role="processor" data-status="idle"><div class="node-label">no processors</div></div>'
      : pipeline.processors.map((node) => renderNode(node, nowMs)).join('');
  return (
    '<div class="pipeline" role="list" aria-label="pipeline">' +
    renderNode(pipeline.dispatcher, nowMs) +
    arrow +
    renderNode(pipeline.wrapper, nowMs) +
    arrow +
    `<div class="processors" role="group" aria-label="processors">${processors}</div>` +
    arrow +
    renderNode(pipeline.persister, nowMs) +
    arrow +
    renderNode(pipeline.table, nowMs) +
    '</div>'
  );
}

/** One pipeline box (see {@link renderPipeline}). */
export function renderNode(node: PipelineNode, nowMs: number): string {
  const facts: Array<[string, string, string?]> = [];
  const calls = node.calls;
  if (calls !== undefined) {
    facts.push(['circuit', calls.circuit, `circuit-${calls.circuit}`]);
    facts.push(['recent error rate', percent(calls.windowErrorRate)]);
    facts.push(['calls', `${calls.totalRequests} (${calls.totalFailures} failed)`]);
  } else if (node.role !== 'dispatcher' && node.status === 'idle') {
    facts.push(['calls', 'none yet']);
  }
  const duration = node.metrics?.duration;
  if (duration?.p50 !== undefined || duration?.p99 !== undefined) {
    facts.push(['latency p50 / p99', `${milliseconds(duration?.p50)} / ${milliseconds(duration?.p99)}`]);
  }
  const list = facts.map(([term, value, cls]) => `<dt>${esc(term)}</dt><dd${cls ? ` class="${esc(cls)}"` : ''}>${esc(value)}</dd>`).join('');
  const retryAt = calls?.circuit === 'open' ? calls.circuitRetryAt : undefined;
  const cooldown =
    retryAt === undefined
      ? ''
      : `<div class="countdown" data-retry-at="${esc(retryAt)}">circuit probes again in <b>${esc(countdown(retryAt, nowMs))}</b></div>`;
  const note = node.note === undefined ? '' : `<div class="note">${esc(node.note)}</div>`;
  return (
    `<div class="node status-${esc(node.status)}" role="listitem" data-node="${esc(node.name)}" data-role="${esc(node.role)}" data-status="${esc(node.status)}">` +
    `<div class="node-label">${esc(node.label)}</div><div class="node-name">${esc(node.name)}</div>` +
    `<div class="node-status">${esc(node.status === 'idle' ? 'idle (no calls yet)' : node.status)}</div>` +
    (list === '' ? '' : `<dl>${list}</dl>`) +
    cooldown +
    note +
    '</div>'
  );
}
