// The names and addresses of a twin's parts, from core's naming (the one place that defines them).
import { type DeviceEntry, dispatcherFunctionName, persisterFunctionName, processorFunctionName, wrapperFunctionName } from '@twinflow/core';
import type { TwinPorts } from './ports';

/** The function names of a twin's services and of each device's processor. */
export type TwinFunctionNames = { dispatcher: string; wrapper: string; persister: string; processors: Record<string, string> };

/** The twin's endpoints on 127.0.0.1. */
export type TwinEndpoints = { lambda: string; dynamodb: string; health: string };

export function functionNamesOf(twin: string, devices: readonly DeviceEntry[]): TwinFunctionNames {
  return {
    dispatcher: dispatcherFunctionName(twin),
    wrapper: wrapperFunctionName(twin),
    persister: persisterFunctionName(twin),
    processors: Object.fromEntries(devices.map((d) => [d.id, processorFunctionName(twin, d.id)])),
  };
}

export function endpointsOf(ports: TwinPorts): TwinEndpoints {
  return { lambda: `http://127.0.0.1:${ports.lambda}`, dynamodb: `http://127.0.0.1:${ports.dynamodb}`, health: `http://127.0.0.1:${ports.health}` };
}
