export type { DemoRecord, HeaderList } from './demo-record';
export {
  DEFAULT_SEED,
  createDemoRecordWriter,
  demoIncident,
  generateDemoRecords,
  type DemoDataOptions,
  type DemoRecordWriter,
  type IncidentOptions,
} from './generator';
export { createProduceClient, type BatchToSend, type ProduceClient } from './produce-client';
export { encodeRecordBatch, type BatchRecord } from './record-batch';
export {
  createDemoTopics,
  produceDemoRecords,
  seedDemo,
  startTrickle,
  type ProduceOptions,
  type SeedOptions,
  type SeedSummary,
  type Trickle,
} from './seed';
export { DEMO_DLQS, DEMO_SOURCE_TOPICS, type Convention, type DemoCompression, type DemoDlq } from './topics';
