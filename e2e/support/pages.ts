// Helpers the specs share: screenshots as test artifacts, waiting for a DLQ to be indexed, and catching dialogs
// (a script injected through DLQ content would show itself as one).
import type { Page, TestInfo } from '@playwright/test';
import { expect } from '../fixtures';

export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
}

/** Waits until `GET /api/dlqs` lists `topic` with exactly `records` records. */
export async function waitUntilIndexed(
  page: Page,
  topic: string,
  records: number,
  timeout = 60_000,
): Promise<void> {
  await expect
    .poll(
      async () => {
        const res = await page.request.get('/api/dlqs');
        const { dlqs } = (await res.json()) as { dlqs: Array<{ topic: string; records: number }> };
        return dlqs.find((d) => d.topic === topic)?.records ?? 0;
      },
      { timeout },
    )
    .toBe(records);
}

/** Every dialog the page opens, dismissed; expect the list to stay empty. */
export function collectDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}
