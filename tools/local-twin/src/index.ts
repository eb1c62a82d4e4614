// @twinflow/local-twin: the whole twinflow pipeline on this machine, as a library. `npm start`
// (cli.ts), the e2e suites and the benchmarks drive LocalTwin; nothing else is a promise.
export { LocalTwin } from './LocalTwin';
export { WORKSPACE } from './twinOptions';
export type { SimulateOptions, TwinEnded } from './LocalTwin';
export type { LocalTwinOptions } from './twinOptions';
export type { Artifact } from './artifacts';
export { DEFAULT_PORTS } from './ports';
export type { TwinPorts } from './ports';
export type { Simulation, SimulatedReading } from './simulator';
export { SettleTimeoutError, TwinComponentDiedError, TwinOptionError, TwinStartError } from './errors';
export { FAULT_KINDS } from './shims/processorFaults';
export type { FaultKind, FaultSettings } from './shims/processorFaults';
export { LOCAL_CREDENTIALS, hotTableShape, startDynamo } from './dynamo';
export { listParked, purgeParked, replayParked } from './failuresLocal';
