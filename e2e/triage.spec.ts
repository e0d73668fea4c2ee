import type { Page } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { formatCount } from '../lib/ui/format';
import { expect, test } from './fixtures';
import { BULK_RECORDS, BULK_TOPIC, e2eEnvironment } from './support/environment';
import { storageStateFor } from './support/users';
import { attachScreenshot, collectDialogs, waitUntilIndexed } from './support/pages';

// The triage UI against the production build, the embedded cluster and the demo data (e2e/support/server.ts):
// 9 DLQs with an incident burst in one of them, and a DLQ of 100,000 small records.

const openRecordParam = (page: Page) => new URL(page.url()).searchParams.get('record');

const countText = (n: number) => `${formatCount(n)} ${n === 1 ? 'record' : 'records'}`;

async function openFirstRecord(page: Page, topic: string): Promise<string> {
  await page.goto(`/dlq/${topic}`);
  const row = page.getByTestId('record-row').first();
  await expect(row).toBeVisible();
  const id = (await row.getAttribute('data-record-id'))!;
  await row.click();
  await expect.poll(() => openRecordParam(page)).toBe(id);
  await expect(page.getByTestId('record-drawer')).toBeVisible();
  await expect(page.getByTestId('origin-fields')).toBeVisible();
  return id;
}

test.describe('an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('goes from the overview to the incident, filters by its biggest error group and shares the view', async ({
    page,
  }, testInfo) => {
    const { seeded } = await e2eEnvironment();
    const incident = seeded.incident?.topic;
    expect(incident, 'the e2e server seeds an incident').toBeTruthy();
    await page.goto('/');
    await expect(page.getByTestId('dlq-row').first()).toBeVisible();
    // The DLQ with the incident is the most urgent of the seeded ones: it comes first, marked as having spiked.
    // (Other specs add DLQs of their own, such as the alerts spec's burst, which may rank above it.)
    const seededTopics = new Set(seeded.topics.map((t) => t.topic));
    const order = await page
      .getByTestId('dlq-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-topic')));
    expect(order.find((topic) => topic !== null && seededTopics.has(topic))).toBe(incident);
    const first = page.locator(`[data-testid="dlq-row"][data-topic="${incident}"]`);
    await expect(first).toContainText('Spike in the last 6 h');
    await attachScreenshot(page, testInfo, 'overview');

    await first.getByRole('link', { name: incident, exact: true }).click();
    await expect(page).toHaveURL(`/dlq/${incident}`);
    await expect(page.getByRole('heading', { name: incident })).toBeVisible();

    const biggest = page.getByTestId('error-group').first();
    await expect(biggest).toBeVisible();
    const groupCount = Number(await biggest.getAttribute('data-count'));
    expect(groupCount).toBeGreaterThan(0);
    const counts = await page
      .getByTestId('error-group')
      .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-count'))));
    expect(Math.max(...counts)).toBe(groupCount);

    await biggest.click();
    await expect(page).toHaveURL(/\?group=[A-Za-z0-9_-]+$/);
    await expect(biggest).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('records-count')).toHaveText(countText(groupCount));
    await expect(page.getByTestId('active-filters')).toContainText('Error group:');
    await expect(page.getByTestId('record-row').first()).toBeVisible();
    await attachScreenshot(page, testInfo, 'dlq page');

    // A reload (or a colleague opening the pasted link) restores the same view.
    const shared = page.url();
    await page.reload();
    await expect(page).toHaveURL(shared);
    await expect(page.getByTestId('error-group').first()).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('records-count')).toHaveText(countText(groupCount));
    await expect(page.getByTestId('active-filters')).toContainText('Error group:');

    // More filters stack in the URL and survive the reload too.
    await page.getByRole('button', { name: /^Status/ }).click();
    await page.getByRole('checkbox', { name: /unresolved/ }).check();
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/status=unresolved/);
    await page.getByRole('searchbox', { name: 'Search' }).fill('order');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await expect(page).toHaveURL(/q=order/);
    const filtered = page.url();
    await page.reload();
    await expect(page).toHaveURL(filtered);
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('order');
    await expect(page.getByTestId('active-filters')).toContainText('Status: unresolved');
    await expect(page.getByTestId('active-filters')).toContainText('Search: order');
  });

  test('sees the original partition and offset decoded from a Spring record’s binary headers', async ({
    page,
  }, testInfo) => {
    let id = await openFirstRecord(page, 'payments.DLT');
    const drawer = page.getByTestId('record-drawer');
    // Spring may repeat its headers (a record failing again); the last occurrence is the one that counts.
    const header = (name: string) => drawer.locator(`[data-header="${name}"]`).last();
    const headerValue = (name: string) => header(name).getByTestId('header-decoded');
    // The demo data has some Spring records with malformed headers on purpose: take the first well-formed one.
    for (let i = 0; ; i++) {
      await expect(drawer.getByTestId('headers-table')).toBeVisible();
      if ((await headerValue('kafka_dlt-original-offset').count()) > 0) break;
      expect(i, 'a well-formed Spring record among the first 20').toBeLessThan(20);
      await page.keyboard.press('j');
      await expect.poll(() => openRecordParam(page)).not.toBe(id);
      id = openRecordParam(page)!;
      await expect(drawer.getByText(id, { exact: true })).toBeVisible();
    }
    const partition = (await headerValue('kafka_dlt-original-partition').textContent())!;
    const offset = (await headerValue('kafka_dlt-original-offset').textContent())!;
    expect(partition).toMatch(/^\d+$/);
    expect(offset).toMatch(/^\d+$/);
    await expect(header('kafka_dlt-original-partition')).toContainText('4-byte big-endian int');
    await expect(header('kafka_dlt-original-offset')).toContainText('8-byte big-endian long');

    const origin = drawer.getByTestId('origin-fields');
    await expect(origin).toContainText('payments');
    await expect(origin.locator('dt:text-is("Partition") + dd')).toHaveText(partition);
    await expect(origin.locator('dt:text-is("Offset") + dd')).toHaveText(offset);
    await expect(drawer.getByTestId('error-fields')).toContainText('Error group');
    await expect(drawer.getByTestId('record-actions')).toHaveCount(1);
    await attachScreenshot(page, testInfo, 'record detail');

    // The raw bytes are the big-endian encodings of those numbers.
    await drawer.getByLabel('Show raw bytes as hex').check();
    const be = (n: bigint, bytes: number) =>
      n
        .toString(16)
        .padStart(bytes * 2, '0')
        .match(/../g)!
        .join(' ');
    await expect(header('kafka_dlt-original-partition').locator('td').nth(1)).toHaveText(
      be(BigInt(partition), 4),
    );
    await expect(header('kafka_dlt-original-offset').locator('td').nth(1)).toHaveText(be(BigInt(offset), 8));

    // The value viewer: pretty JSON by default, hex dump on demand; Escape closes the drawer and its URL.
    await expect(drawer.getByTestId('json-view')).toBeVisible();
    await drawer.getByRole('button', { name: 'Hex' }).first().click();
    await expect(drawer.getByTestId('hex-view').first()).toContainText('00000000');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('record-drawer')).toHaveCount(0);
    await expect.poll(() => openRecordParam(page)).toBeNull();
  });

  test('moves through records with the keyboard', async ({ page }) => {
    await page.goto('/dlq/payments.DLT');
    const rows = page.getByTestId('record-row');
    await expect(rows.nth(2)).toBeVisible();
    const second = (await rows.nth(1).getAttribute('data-record-id'))!;
    const third = (await rows.nth(2).getAttribute('data-record-id'))!;
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('selection')).toContainText('1 record selected');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('record-drawer')).toContainText(second);
    await page.keyboard.press('j');
    await expect(page.getByTestId('record-drawer')).toContainText(third);
    await expect.poll(() => openRecordParam(page)).toBe(third);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('record-drawer')).toHaveCount(0);
    await page.keyboard.press('/');
    await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();
  });

  test('selects a range with shift-click, then every record matching the filter', async ({ page }) => {
    await page.goto('/dlq/payments.DLT');
    const rows = page.getByTestId('record-row');
    await expect(rows.nth(5)).toBeVisible();
    const total = Number((await page.getByTestId('records-count').textContent())!.replace(/\D/g, ''));
    await rows.nth(1).getByRole('checkbox').click();
    await rows
      .nth(4)
      .getByRole('checkbox')
      .click({ modifiers: ['Shift'] });
    for (const i of [1, 2, 3, 4]) await expect(rows.nth(i)).toHaveAttribute('aria-selected', 'true');
    for (const i of [0, 5]) await expect(rows.nth(i)).toHaveAttribute('aria-selected', 'false');
    await expect(page.getByTestId('selection')).toContainText('4 records selected.');
    // Ticking a box selects; it does not open the record.
    await expect(page.getByTestId('record-drawer')).toHaveCount(0);

    await page.getByRole('button', { name: `Select all ${formatCount(total)} matching this filter` }).click();
    await expect(page.getByTestId('selection')).toContainText(
      `All ${formatCount(total)} records matching this filter are selected.`,
    );
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
    // Unticking one row leaves "all matching" for the loaded rows but that one.
    await rows.nth(0).getByRole('checkbox').click();
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');
    await expect(page.getByTestId('selection')).not.toContainText('matching this filter are selected');
    // Another filter is another selection.
    await page.getByTestId('error-group').first().click();
    await expect(page.getByTestId('selection')).toHaveCount(0);
  });

  test('keeps the previous count on screen, marked updating, until the new filter’s count arrives', async ({
    page,
  }) => {
    await page.goto('/dlq/payments.DLT');
    const count = page.getByTestId('records-count');
    await expect(count).toHaveAttribute('aria-busy', 'false');
    const before = (await count.textContent())!;
    // Hold the group's first page until the stale count has been checked.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname.endsWith('/records') && url.searchParams.has('group'),
      async (route) => {
        await held;
        await route.continue();
      },
    );
    const groups = page.getByTestId('error-group');
    const counts = await groups.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-count'))));
    const smallest = counts.indexOf(Math.min(...counts));
    await groups.nth(smallest).click();
    await expect(count).toHaveAttribute('aria-busy', 'true');
    await expect(count).toHaveText(before);
    await expect(page.getByText('updating…')).toBeVisible();
    release();
    await expect(count).toHaveAttribute('aria-busy', 'false');
    await expect(count).toHaveText(countText(counts[smallest]!));
    await expect(page.getByText('updating…')).toHaveCount(0);
  });

  test('scrolls 100,000 records with only the visible rows in the DOM', async ({ page }) => {
    await page.goto(`/dlq/${BULK_TOPIC}`);
    const count = page.getByTestId('records-count');
    await expect(count).toBeVisible();
    const total = Number((await count.textContent())!.replace(/\D/g, ''));
    expect(total).toBeGreaterThanOrEqual(BULK_RECORDS);
    const scroller = page.getByTestId('records-scroll');
    await expect(page.getByTestId('record-row').first()).toBeVisible();

    // Scroll far enough that several pages must be fetched, waiting for each to arrive.
    for (let i = 0; i < 8; i++) {
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await expect(page.getByText('Loading more records…')).toHaveCount(0, { timeout: 30_000 });
    }
    const deepest = await page
      .getByTestId('record-row')
      .evaluateAll((rows) => Math.max(...rows.map((r) => Number(r.getAttribute('aria-rowindex')))));
    expect(deepest).toBeGreaterThan(1_000);
    expect(await page.getByTestId('record-row').count()).toBeLessThan(150);
    expect(await page.locator('tr').count()).toBeLessThan(150);
  });
});

test.describe('a viewer', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('reads a record but sees no edit controls', async ({ page }) => {
    await openFirstRecord(page, 'payments.DLT');
    const drawer = page.getByTestId('record-drawer');
    await expect(drawer.getByTestId('error-fields')).toBeVisible();
    await expect(drawer.getByTestId('record-actions')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /edit|fix|replay|discard/i })).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: /value|header/i })).toHaveCount(0);
  });
});

test.describe('hostile content', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('keys, values, headers and error messages are shown as text, never run', async ({ page }) => {
    const markup = '<img src=x onerror=alert(1)>';
    const topic = 'hostile-input.DLT';
    const kafka = new Kafka({
      clientId: 'e2e-hostile',
      brokers: (await e2eEnvironment()).bootstrap,
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        {
          key: markup,
          value: JSON.stringify({ html: '<b>bold</b>', script: '<script>alert(2)</script>' }),
          headers: {
            'kafka_dlt-original-topic': 'web',
            'kafka_dlt-exception-fqcn': '<script>alert(3)</script>',
            'kafka_dlt-exception-message': markup,
            '<i>header</i>': markup,
          },
        },
      ],
    });
    await producer.disconnect();

    const dialogs = collectDialogs(page);
    // Discovery picks the new DLQ up within seconds; the page is opened once it is indexed.
    await waitUntilIndexed(page, topic, 1, 60_000);
    await page.goto(`/dlq/${topic}`);
    const row = page.getByTestId('record-row');
    await expect(row).toContainText(markup);
    await row.click();
    const drawer = page.getByTestId('record-drawer');
    await expect(drawer.getByTestId('error-fields')).toContainText(markup);
    await expect(drawer.getByTestId('error-fields')).toContainText('<script>alert(3)</script>');
    await expect(drawer.getByTestId('headers-table')).toContainText('<i>header</i>');
    await expect(drawer.getByTestId('json-view')).toContainText('"<b>bold</b>"');
    // The group title normalises the number in it, and is text all the same.
    await expect(page.getByTestId('error-group')).toContainText(
      '<script>alert(3)</script>: <img src=x onerror=',
    );

    await expect(page.locator('img')).toHaveCount(0);
    await expect(drawer.locator('b, i, script')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });
});

// Last in the file: it stops the cluster's brokers, and starts them again before it ends.
test.describe('when Kafka is unreachable', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('the DLQ page keeps its data and says how stale it is', async ({ page }) => {
    test.setTimeout(240_000);
    const { controlUrl } = await e2eEnvironment();
    const control = async (path: string, body?: unknown) => {
      const res = await fetch(`${controlUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(res.status, `${path} answered`).toBe(200);
      return (await res.json()) as { brokers: Array<{ id: number; alive: boolean }> };
    };
    const { brokers } = await control('/state');

    await page.goto('/dlq/payments.DLT');
    const count = page.getByTestId('records-count');
    await expect(count).toBeVisible();
    const before = (await count.textContent())!;
    const banner = page.getByTestId('kafka-unreachable');
    await expect(banner).toHaveCount(0);

    try {
      for (const { id } of brokers) await control(`/brokers/${id}/stop`, { controlled: false });
      await expect(banner).toBeVisible({ timeout: 90_000 });
      await expect(banner).toContainText('Kafka is unreachable.');
      await expect(banner).not.toContainText('127.0.0.1');
      await expect(banner).toContainText(
        /last in step with Kafka (just now|\d+ min ago) \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/,
      );
      // The indexed records stay on screen.
      await expect(count).toHaveText(before);
      await expect(page.getByTestId('record-row').first()).toBeVisible();
    } finally {
      for (const { id } of brokers) await control(`/brokers/${id}/start`, {});
    }
    await expect(banner).toHaveCount(0, { timeout: 120_000 });
  });
});
