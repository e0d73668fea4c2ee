// Where the e2e server listens and what it seeds, shared by playwright.config.ts, the server and the specs.
export const BULK_TOPIC = 'bulk.DLT';
export const BULK_RECORDS = 100_000;
/** The one header the e2e server masks (DLQDESK_MASK_HEADERS). */
export const MASKED_HEADER = 'x-e2e-card';

export function e2ePorts(): { appPort: number; readyPort: number } {
  const appPort = Number(process.env.E2E_PORT ?? 3100);
  return { appPort, readyPort: appPort + 1 };
}

export interface E2eEnvironment {
  bootstrap: string[];
  controlUrl: string;
  seeded: {
    records: number;
    topics: Array<{ topic: string; records: number }>;
    incident?: { topic?: string };
  };
}

/** The cluster's addresses and what was seeded, from the e2e server's ready endpoint. */
export async function e2eEnvironment(): Promise<E2eEnvironment> {
  const res = await fetch(`http://127.0.0.1:${e2ePorts().readyPort}/`);
  return (await res.json()) as E2eEnvironment;
}
