import { formatCount } from '../lib/ui/format';
import { expect, test } from './fixtures';
import { BULK_TOPIC } from './support/environment';
import { storageStateFor } from './support/users';
import { attachScreenshot } from './support/pages';

// Replay from the triage UI against the production build and the embedded cluster: orders-dlt holds Spring Kafka
// DLQ records from the `orders` topic, which exists, so replays to the original topic land.

const DLQ = 'orders-dlt';

const countText = (n: number) => `${formatCount(n)} ${n === 1 ? 'record' : 'records'}`;

test.describe('an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('replays an error group after a dry run and sees the records turn replayed', async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    await page.goto(`/dlq/${DLQ}?status=unresolved`);
    const groups = page.getByTestId('error-group');
    await expect(groups.first()).toBeVisible();
    // The smallest group keeps the replay short on a loaded machine.
    const counts = await groups.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-count'))));
    const smallest = counts.indexOf(Math.min(...counts.filter((c) => c > 0)));
    const group = groups.nth(smallest);
    await group.click();
    await expect(group).toHaveAttribute('aria-pressed', 'true');
    const groupUrl = new URL(page.url());
    const groupId = groupUrl.searchParams.get('group');
    expect(groupId).toBeTruthy();
    // Until the group's count arrives, the count shown is the whole DLQ's.
    await expect(page.getByTestId('records-count')).toHaveAttribute('aria-busy', 'false');
    const total = Number((await page.getByTestId('records-count').innerText()).replace(/[^0-9]/g, ''));
    expect(total).toBeGreaterThan(0);

    // Select the whole filter: the selection is the filter, not a list of ids. (Once the group's rows are in.)
    await expect(page.getByTestId('record-row').first()).toBeVisible();
    await expect(async () => {
      await page.getByRole('checkbox', { name: 'Select all loaded records' }).check();
    }).toPass({ timeout: 30_000 });
    const selection = page.getByTestId('selection');
    // Past the first page (200 rows) the selection becomes the filter itself.
    if (total > 200) {
      await page
        .getByRole('button', { name: `Select all ${formatCount(total)} matching this filter` })
        .click();
      await expect(selection).toContainText(
        `All ${formatCount(total)} records matching this filter are selected.`,
      );
    } else {
      await expect(selection).toContainText(`${countText(total)} selected.`);
    }

    await selection.getByRole('button', { name: 'Replay…' }).click();
    const dialog = page.getByTestId('replay-dialog');
    await expect(dialog).toBeVisible();
    // Slow enough that the job page usually sees it running and follows it live.
    await dialog.getByRole('spinbutton').fill('50');
    await expect(dialog.getByRole('button', { name: /^Replay \d/ })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Dry run', exact: true }).click();
    const dryRun = dialog.getByTestId('dry-run');
    await expect(dryRun).toBeVisible({ timeout: 60_000 });
    await expect(dialog.getByTestId('dry-run-targets')).toContainText('orders');
    await expect(dryRun).toContainText('nothing sent');
    await attachScreenshot(page, testInfo, 'replay dry run');

    const confirm = dialog.getByRole('button', {
      name: new RegExp(`^Replay ${countText(total)} to orders$`),
    });
    if (total > 1000) await dialog.getByLabel(new RegExp(`^Type ${total} to confirm`)).fill(String(total));
    await expect(confirm).toBeEnabled();
    await confirm.click();

    await expect(page).toHaveURL(/\/replays\/[^/]+$/, { timeout: 30_000 });
    await expect(page.getByTestId('job-percent')).toHaveText('100%', { timeout: 180_000 });
    await expect(page.getByTestId('job-status')).toHaveText('completed');
    await expect(page.getByTestId('job-succeeded')).toHaveText(formatCount(total));
    await expect(page.getByRole('progressbar', { name: 'Replay progress' })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    await attachScreenshot(page, testInfo, 'replay job completed');

    // The job is listed with the others.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Replays' }).click();
    await expect(page.getByTestId('job-row').first()).toContainText(DLQ);

    // Back on the DLQ page the group's records are replayed, and none of them is unresolved any more.
    await page.goto(`/dlq/${DLQ}?group=${groupId}`);
    await expect(page.getByTestId('records-count')).toHaveText(countText(total));
    const rows = page.getByTestId('record-row');
    await expect(rows.first()).toContainText('replayed');
    const statuses = await rows.evaluateAll((els) => els.map((el) => el.textContent ?? ''));
    expect(statuses.every((text) => text.includes('replayed'))).toBe(true);
    await page.goto(`/dlq/${DLQ}?group=${groupId}&status=unresolved`);
    await expect(page.getByTestId('records-count')).toHaveText(countText(0));
  });
  test('types the count to replay more than 1,000 records, then pauses, resumes and cancels the job', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    // A few thousand records of bulk.DLT (keys starting bulk-1 in partition 0); their origin topic does not exist,
    // so they go to one chosen topic, one a second, and the job is cancelled after a few.
    await page.goto(`/dlq/${BULK_TOPIC}?key=bulk-1*&partition=0`);
    await expect(page.getByTestId('records-count')).toHaveText(/^[0-9,]+ records$/);
    const n = Number((await page.getByTestId('records-count').innerText()).replace(/[^0-9]/g, ''));
    expect(n).toBeGreaterThan(1000);
    const count = formatCount(n);
    await page.getByRole('checkbox', { name: 'Select all loaded records' }).check();
    await page.getByRole('button', { name: `Select all ${count} matching this filter` }).click();
    await expect(page.getByTestId('selection')).toContainText(
      `All ${count} records matching this filter are selected.`,
    );

    await page.getByTestId('selection').getByRole('button', { name: 'Replay…' }).click();
    const dialog = page.getByTestId('replay-dialog');
    await dialog.getByLabel('Target topic').fill('orders');
    await expect(dialog.getByRole('radio', { name: 'One topic:' })).toBeChecked();
    await dialog.getByRole('spinbutton').fill('1');
    await dialog.getByRole('button', { name: 'Dry run', exact: true }).click();
    await expect(dialog.getByTestId('dry-run-targets')).toContainText(count, { timeout: 90_000 });

    // Changing an option after the dry run asks for a new one before anything can be confirmed.
    await dialog.getByRole('checkbox', { name: 'Strip the DLQ error headers' }).uncheck();
    await expect(dialog).toContainText('The options changed since the dry run');
    await expect(dialog.getByRole('button', { name: /^Replay \d/ })).toHaveCount(0);
    await dialog.getByRole('checkbox', { name: 'Strip the DLQ error headers' }).check();
    await expect(dialog.getByTestId('dry-run')).toBeVisible();

    const confirm = dialog.getByRole('button', { name: `Replay ${count} records to orders` });
    await expect(confirm).toBeDisabled();
    const typed = dialog.getByLabel(new RegExp(`^Type ${n} to confirm`));
    await typed.fill(String(n - 1));
    await expect(confirm).toBeDisabled();
    await typed.fill(count);
    await expect(confirm).toBeEnabled();
    await confirm.click();

    await expect(page).toHaveURL(/\/replays\/[^/]+$/, { timeout: 30_000 });
    const status = page.getByTestId('job-status');
    await expect(status).toHaveText('running');
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(status).toHaveText('paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(status).toHaveText('running');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(status).toHaveText('cancelled', { timeout: 60_000 });
    await expect(page.getByRole('button', { name: /Pause|Resume|Cancel/ })).toHaveCount(0);
    expect(Number((await page.getByTestId('job-succeeded').innerText()).replace(/[^0-9]/g, ''))).toBeLessThan(
      n,
    );
  });
});

test.describe('a viewer', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('sees the jobs page without controls', async ({ page }) => {
    await page.goto('/replays');
    await expect(page.getByRole('heading', { name: 'Replays' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Pause|Resume|Cancel/ })).toHaveCount(0);
  });
});
