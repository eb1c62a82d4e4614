export { processorGenerator } from './generators/processor/generator';
export type { ProcessorGeneratorSchema } from './generators/processor/schema';
