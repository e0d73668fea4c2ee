import { Kafka, logLevel } from 'kafkajs';
import { formatCount } from '../lib/ui/format';
import { expect, test } from './fixtures';
import { e2eEnvironment } from './support/environment';
import { storageStateFor } from './support/users';

// The alerts page against the production build: a DLQ that receives a burst right now breaches the default rule
// (critical at 10 records per minute over 5 minutes), comes first, and its links land on the filtered DLQ view.

const TOPIC = 'alerts-e2e.DLT';
const BIGGEST = 2000;
const SMALLER = 1000;

async function kafka(): Promise<Kafka> {
  return new Kafka({
    clientId: 'e2e-alerts',
    brokers: (await e2eEnvironment()).bootstrap,
    logLevel: logLevel.NOTHING,
  });
}

async function produceBurst(): Promise<void> {
  const client = await kafka();
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = client.producer();
  await producer.connect();
  try {
    for (const [errorClass, count] of [
      ['com.acme.StockReservationException', BIGGEST],
      ['com.acme.AddressValidationException', SMALLER],
    ] as const) {
      for (let start = 0; start < count; start += 500) {
        await producer.send({
          topic: TOPIC,
          messages: Array.from({ length: 500 }, (_, i) => ({
            key: `${errorClass}-${start + i}`,
            value: JSON.stringify({ order: start + i }),
            headers: {
              'kafka_dlt-original-topic': 'checkout',
              'kafka_dlt-exception-fqcn': errorClass,
              'kafka_dlt-exception-message': 'the request failed',
            },
          })),
        });
      }
    }
  } finally {
    await producer.disconnect();
  }
}

test.describe('a viewer on call', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('sees the breaching DLQ first on the alerts page and follows its link to the filtered records', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await produceBurst();
    await page.goto('/alerts');
    const first = page.getByTestId('alert-row').first();
    // The page polls; the evaluator runs every 15 s by default.
    await expect(first).toHaveAttribute('data-topic', TOPIC, { timeout: 120_000 });
    await expect(first).toHaveAttribute('data-state', 'critical');
    await expect(first.getByTestId('alert-state')).toHaveText('Critical');
    await expect(first).toContainText('≥ critical 10/min');
    await expect(first.getByTestId('inflow-chart')).toBeVisible();

    // The 1 h range is kept in the URL, and the links carry it as their time range.
    await page.getByRole('button', { name: '1h', exact: true }).click();
    await expect(page).toHaveURL(/\/alerts\?range=1h$/);
    const groupLink = first.getByTestId('alert-group-link').first();
    await expect(groupLink).toContainText('StockReservationException');
    await expect(first.getByTestId('alert-origin-link').first()).toHaveText('checkout');
    await groupLink.click();

    await expect(page).toHaveURL(new RegExp(`/dlq/${TOPIC.replace('.', '\\.')}\\?group=[\\w-]+&from=`));
    await expect(page.getByRole('heading', { name: TOPIC })).toBeVisible();
    await expect(page.getByTestId('active-filters')).toContainText('Error group:');
    await expect(page.getByTestId('active-filters')).toContainText('Time range');
    await expect(page.getByTestId('records-count')).toHaveText(`${formatCount(BIGGEST)} records`);
    await expect(page.getByTestId('record-row').first()).toBeVisible();

    // The overview shows the same state colours.
    await page.goto('/');
    const row = page.locator(`[data-testid="dlq-row"][data-topic="${TOPIC}"]`);
    await expect(row.getByTestId('alert-state')).toHaveAttribute('data-state', 'critical');
  });
});
