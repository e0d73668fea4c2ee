import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { expect, test } from './fixtures';
import { e2eEnvironment } from './support/environment';
import { storageStateFor, users } from './support/users';
import { collectDialogs, waitUntilIndexed } from './support/pages';

// Hostile Kafka records (a 10 MB value, 10,000 headers, invalid UTF-8, JSON nested 100,000 deep, markup in
// every field) are indexed without stopping ingestion and open in the browser as text, running nothing; and the
// admin's audit trail page. (10,000 headers decode quickly only thanks to scripts/patch-kafkajs.mjs.)

const TOPIC = 'hostile-records.DLT';
const MARKUP = '<img src=x onerror=alert(1)>';

async function produceHostileRecords(): Promise<void> {
  const kafka = new Kafka({
    clientId: 'e2e-security',
    brokers: (await e2eEnvironment()).bootstrap,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: TOPIC, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '20000000' }] },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const manyHeaders: IHeaders = { 'kafka_dlt-exception-message': `many headers ${MARKUP}` };
  for (let i = 0; i < 10_000; i++) manyHeaders[`h-${i}`] = `${MARKUP}${i}`;
  const producer = kafka.producer();
  await producer.connect();
  const send = (key: string, value: Buffer | string, headers: IHeaders) =>
    producer.send({ topic: TOPIC, messages: [{ key, value, headers }] });
  await send('huge', Buffer.alloc(10 * 1024 * 1024, 'x'), {
    'kafka_dlt-exception-message': `huge ${MARKUP}`,
  });
  await send('many-headers', '{"ok":true}', manyHeaders);
  await send('bad-utf8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]), {
    'kafka_dlt-exception-message': Buffer.from([0x62, 0x61, 0x64, 0xff, 0xc0, 0xaf]),
    [`${MARKUP}`]: Buffer.from([0xed, 0xa0, 0x80]),
  });
  await send('deep', '['.repeat(100_000) + ']'.repeat(100_000), {
    'kafka_dlt-exception-message': 'deep JSON',
  });
  await send(
    `k:${MARKUP}`,
    JSON.stringify({ html: MARKUP, nested: { script: '<script>alert(2)</script>' } }),
    {
      'kafka_dlt-exception-fqcn': MARKUP,
      'kafka_dlt-exception-message': MARKUP,
      'kafka_dlt-original-topic': MARKUP,
      [MARKUP]: MARKUP,
    },
  );
  await producer.disconnect();
}

test.describe('hostile records', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('are indexed and open as text, without crashing ingestion or the page', async ({ page }) => {
    test.setTimeout(240_000);
    await produceHostileRecords();
    const dialogs = collectDialogs(page);
    await waitUntilIndexed(page, TOPIC, 5, 120_000);

    await page.goto(`/dlq/${TOPIC}`);
    const rows = page.getByTestId('record-row');
    await expect(rows).toHaveCount(5);
    await expect(page.getByText('many headers <img src=x onerror=alert(1)>').first()).toBeVisible();

    const drawer = page.getByTestId('record-drawer');
    for (const key of ['huge', 'many-headers', 'bad-utf8', 'deep', `k:${MARKUP}`]) {
      await rows.filter({ hasText: key }).first().click();
      await expect(drawer).toBeVisible();
      await expect(drawer).toContainText(key);
      await page.keyboard.press('Escape');
      await expect(drawer).toHaveCount(0);
    }
    await rows.filter({ hasText: `k:${MARKUP}` }).click();
    await expect(drawer.getByTestId('error-fields')).toContainText(MARKUP);
    await expect(drawer.getByTestId('headers-table')).toContainText(MARKUP);

    await expect(page.locator('img')).toHaveCount(0);
    await expect(drawer.locator('script, b, i')).toHaveCount(0);
    expect(dialogs).toEqual([]);

    // Ingestion goes on after them.
    const health = await page.request.get('/api/health');
    expect(health.status()).toBe(200);
  });
});

test.describe('audit trail', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('shows logins to an admin, filters by user and action, and exports CSV', async ({ page }) => {
    await page.goto('/audit');
    await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
    const table = page.getByTestId('audit-table');
    await expect(table).toContainText('login');
    await page.getByLabel('User').fill(users.operator.username);
    await page.getByLabel('Action').selectOption('login');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/user=otto/);
    await expect(table.locator('tbody tr').first()).toContainText(users.operator.username);
    await expect(table).not.toContainText(users.viewer.username);

    const csv = await page.request.get('/api/audit?format=csv&action=login');
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toBe('time,actor,action,target,count,detail');
  });
});

test.describe('audit trail for others', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('is refused to an operator', async ({ page }) => {
    await page.goto('/audit');
    await expect(page.getByText('The audit trail is for admins; you are operator.')).toBeVisible();
    expect((await page.request.get('/api/audit')).status()).toBe(403);
  });
});
