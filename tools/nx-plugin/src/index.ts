export { createNodes, createNodes as createNodesV2, nodesFor } from './plugin/createNodes';
export { processorGenerator } from './generators/processor/generator';
export type { ProcessorGeneratorSchema } from './generators/processor/schema';
export { removeGenerator } from './generators/remove/generator';
export type { RemoveGeneratorSchema } from './generators/remove/schema';
