import { CIRCUIT_RESET_ACTION, type CircuitResetRead, type Logger } from '@twinflow/core';
import { healthReport } from '@twinflow/health';
import type { Clock } from '@twinflow/health';
import type { ProcessorAdapters } from './ProcessorAdapters';
import type { CircuitResetResult } from './types';

/**
 * Carries out a circuit-reset control event (core's `readCircuitReset`): closes the processor's
 * circuit breaker and forgets its health window, then answers the processor's health report (that
 * one component). An invalid or foreign function name is answered with the typed error's JSON,
 * never thrown, so Lambda does not retry it and nothing is parked: a control event is no reading.
 *
 * @example
 * ```ts
 * const reset = readCircuitReset(event, { twin: 'demo', stage: 'dev' });
 * if (reset !== undefined) return resetCircuit(processors, reset, logger);
 * // { action: 'reset-circuit', reset: true, functionName: 'demo-thermostat-1-processor', previousCircuit: 'open', health: { status: 'healthy', components: { … } } }
 * ```
 */
export function resetCircuit(processors: ProcessorAdapters, read: CircuitResetRead, logger: Logger, clock?: Clock): CircuitResetResult {
  if (read.kind === 'invalid') {
    logger.warn('circuit reset refused', { error: read.error });
    return { action: CIRCUIT_RESET_ACTION, reset: false, error: { ...read.error.toJSON(), field: read.error.field ?? null } };
  }
  const { functionName } = read;
  const { previousCircuit } = processors.reset(functionName);
  const tracker = processors.trackers().find((each) => each.name === functionName);
  const health = healthReport(tracker === undefined ? [] : [tracker], { clock });
  logger.info('circuit reset', { functionName, deviceId: read.deviceId, previousCircuit });
  return { action: CIRCUIT_RESET_ACTION, reset: true, functionName, previousCircuit, health };
}
