import { request as playwrightRequest, type Page } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { expect, test } from './fixtures';
import { e2eEnvironment, MASKED_HEADER } from './support/environment';
import { storageStateFor } from './support/users';
import { waitUntilIndexed } from './support/pages';

// Masked values: a viewer sees which fields are masked and nothing more; an operator reveals them (audited),
// and only then may edit the record, so a fix never starts from the masked text.

const TOPIC = 'masked-records.DLT';
const CARD = '4111-1111-1111-1111';

test.beforeAll(async () => {
  const kafka = new Kafka({
    clientId: 'e2e-reveal',
    brokers: (await e2eEnvironment()).bootstrap,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: [
      {
        key: 'card-1',
        value: JSON.stringify({ order: 17 }),
        headers: { 'kafka_dlt-exception-message': 'card declined', [MASKED_HEADER]: CARD },
      },
    ],
  });
  await producer.disconnect();
});

async function openRecord(page: Page) {
  await waitUntilIndexed(page, TOPIC, 1, 60_000);
  await page.goto(`/dlq/${TOPIC}`);
  await page.getByTestId('record-row').filter({ hasText: 'card-1' }).click();
  const drawer = page.getByTestId('record-drawer');
  await expect(drawer.getByTestId('masked-notice')).toContainText(`headers.${MASKED_HEADER}`);
  await expect(drawer.getByTestId('headers-table')).toContainText(MASKED_HEADER);
  await expect(drawer.getByTestId('headers-table')).not.toContainText(CARD);
  return drawer;
}

test.describe('a viewer', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('sees which fields are masked, without a way to reveal them', async ({ page }) => {
    const drawer = await openRecord(page);
    await expect(drawer.getByRole('button', { name: 'Reveal masked values' })).toHaveCount(0);
    expect(await page.content()).not.toContain(CARD);
  });
});

test.describe('an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('reveals masked values, audited, and edits only once revealed', async ({ page, baseURL }) => {
    const drawer = await openRecord(page);
    const edit = drawer.getByRole('button', { name: 'Edit', exact: true });
    await expect(edit).toBeDisabled();

    await drawer.getByRole('button', { name: 'Reveal masked values' }).click();
    await expect(drawer.getByTestId('headers-table')).toContainText(CARD);
    await expect(drawer.getByTestId('masked-notice')).toContainText('recorded in the audit trail');
    await expect(edit).toBeEnabled();

    await edit.click();
    const editor = page.getByTestId('fix-editor');
    await expect(editor).toBeVisible();
    await expect
      .poll(() =>
        editor.locator('input, textarea').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
      )
      .toContain(CARD);

    const admin = await playwrightRequest.newContext({ baseURL, storageState: storageStateFor('admin') });
    const audit = await admin.get('/api/audit?action=masked-value-viewed');
    expect(audit.status()).toBe(200);
    expect(await audit.text()).toContain('otto');
    await admin.dispose();
  });
});
