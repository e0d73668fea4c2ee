import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { BULK_TOPIC } from './support/environment';
import { storageStateFor } from './support/users';
import { attachScreenshot } from './support/pages';

// The fix editor and the bulk fix preview against the production build and the e2e data: bulk.DLT holds JSON
// values `{"id": n, "note": "bulk record for scrolling"}`.

async function openFirstBulkRecord(page: Page): Promise<string> {
  await page.goto(`/dlq/${BULK_TOPIC}`);
  const row = page.getByTestId('record-row').first();
  await expect(row).toBeVisible();
  const id = (await row.getAttribute('data-record-id'))!;
  await row.click();
  await expect(page.getByTestId('record-drawer')).toBeVisible();
  return id;
}

async function selectFirstRows(page: Page, n: number): Promise<string[]> {
  await page.goto(`/dlq/${BULK_TOPIC}`);
  const rows = page.getByTestId('record-row');
  await expect(rows.first()).toBeVisible();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = (await rows.nth(i).getAttribute('data-record-id'))!;
    await page.getByRole('checkbox', { name: `Select record ${id}` }).check();
    ids.push(id);
  }
  await expect(page.getByTestId('selection')).toContainText(`${n} records selected`);
  return ids;
}

test.describe('an operator', () => {
  test.use({ storageState: storageStateFor('operator') });

  test('cannot save invalid JSON in the fix editor and sees where the error is', async ({
    page,
  }, testInfo) => {
    const id = await openFirstBulkRecord(page);
    await page.getByTestId('record-actions').getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByTestId('fix-editor');
    await expect(editor).toBeVisible();
    await expect(editor.getByRole('heading', { name: `Fix ${id}` })).toBeVisible();

    const value = editor.getByLabel('Value', { exact: true });
    const original = await value.inputValue();
    expect(JSON.parse(original)).toMatchObject({ note: 'bulk record for scrolling' });
    const save = editor.getByRole('button', { name: 'Save draft' });
    await expect(save).toBeDisabled();
    // bulk.DLT's records name an origin topic that was never created: said, but no reason to refuse a draft.
    await expect(editor.getByLabel('Target topic')).toHaveValue('bulk');
    await expect(editor).toContainText('Topic bulk does not exist');

    // A valid change: the diff shows it and save is allowed.
    await value.fill(original.replace('bulk record for scrolling', 'fixed by hand'));
    await expect(editor.getByLabel('Value diff')).toContainText('fixed by hand');
    await expect(save).toBeEnabled();
    await expect(editor.getByTestId('fix-size')).toContainText('About');

    // Saved as a draft on the record, then discarded again.
    await save.click();
    await expect(editor.getByRole('status')).toHaveText(
      'Fix draft saved. Replay will send it instead of the original.',
    );
    await expect(page.getByTestId('record-actions')).toContainText('fix draft by otto');
    await editor.getByRole('button', { name: 'Discard draft' }).click();
    await expect(editor.getByRole('status')).toHaveText('Fix draft discarded.');
    await expect(page.getByTestId('record-actions')).not.toContainText('fix draft');

    // A missing closing quote on line 2: the position is named and save is blocked.
    await value.fill('{\n  "id": 1,\n  "note": "oops\n}');
    const error = editor.getByTestId('value-json-error');
    await expect(error).toContainText('Invalid JSON at line 3, column 16');
    await expect(value).toHaveAttribute('aria-invalid', 'true');
    await expect(save).toBeDisabled();
    await expect(editor).toContainText('Fix the JSON to save.');
    await attachScreenshot(page, testInfo, 'fix editor with invalid JSON');

    await editor.getByRole('button', { name: 'Go to error' }).click();
    await expect(value).toBeFocused();
    // Escape closes the editor only; the drawer stays open.
    await page.keyboard.press('Escape');
    await expect(editor).toBeHidden();
    await expect(page.getByTestId('record-drawer')).toBeVisible();
  });

  test('previews a bulk patch on the selection with diffs and per-record errors', async ({
    page,
  }, testInfo) => {
    const ids = await selectFirstRows(page, 3);
    await page.getByTestId('selection').getByRole('button', { name: 'Bulk fix…' }).click();
    const dialog = page.getByTestId('bulk-fix-dialog');
    await expect(dialog).toBeVisible();

    const patch = dialog.getByLabel('JSON Patch (RFC 6902)');
    await patch.fill('[{ "op": "replace", "path": "/note", ');
    await expect(dialog.getByRole('alert')).toContainText('Invalid JSON at line 1');
    await expect(dialog.getByRole('button', { name: 'Preview' })).toBeDisabled();

    await patch.fill('[{ "op": "replace", "path": "/note", "value": "patched" }]');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect(dialog.getByTestId('fix-preview-summary')).toHaveText(
      'The patch applies to 3 of 3 records checked.',
    );
    const samples = dialog.getByTestId('fix-preview-sample');
    await expect(samples).toHaveCount(3);
    for (const id of ids) await expect(dialog.getByRole('link', { name: id }).first()).toBeVisible();
    await expect(samples.first().getByTestId('diff')).toContainText('"note": "patched"');
    await expect(samples.first().getByTestId('diff')).toContainText('"note": "bulk record for scrolling"');
    await attachScreenshot(page, testInfo, 'bulk fix preview');

    // The set/remove form: removing a field the records lack is each record's error, listed before saving.
    await dialog.getByRole('button', { name: 'Set / remove fields' }).click();
    await dialog.getByLabel('Row 1 action').selectOption('remove');
    await dialog.getByLabel('Row 1 field').fill('customer.id');
    await expect(dialog.getByTestId('fix-preview')).toBeHidden();
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect(dialog.getByTestId('fix-preview-summary')).toHaveText(
      'The patch applies to 0 of 3 records checked.',
    );
    const errors = dialog.getByTestId('fix-preview-errors').getByRole('listitem');
    await expect(errors).toHaveCount(3);
    await expect(errors.first()).toContainText('path missing: no member "customer"');
    await expect(dialog.getByRole('button', { name: 'Save drafts' })).toBeDisabled();
  });
});

test.describe('a viewer', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('gets no edit controls', async ({ page }) => {
    await openFirstBulkRecord(page);
    await expect(page.getByTestId('origin-fields')).toBeVisible();
    await expect(page.getByTestId('record-actions')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Edit' })).toHaveCount(0);
    await page.keyboard.press('Escape');

    const id = (await page.getByTestId('record-row').first().getAttribute('data-record-id'))!;
    await page.getByRole('checkbox', { name: `Select record ${id}` }).check();
    await expect(page.getByTestId('selection')).toContainText('1 record selected');
    for (const name of ['Replay…', 'Bulk fix…', 'Discard…']) {
      await expect(page.getByRole('button', { name })).toHaveCount(0);
    }
  });

  test('is refused by the fix preview API', async ({ page, baseURL }) => {
    await page.goto('/');
    const response = await page.request.post(`/api/dlqs/${BULK_TOPIC}/fix-preview`, {
      headers: { origin: baseURL! },
      data: { selection: { topic: BULK_TOPIC, filter: '' }, patch: [{ op: 'remove', path: '/note' }] },
    });
    expect(response.status()).toBe(403);
  });

  test('is refused by the fix draft API', async ({ page, baseURL }) => {
    await page.goto(`/dlq/${BULK_TOPIC}`);
    const id = (await page.getByTestId('record-row').first().getAttribute('data-record-id'))!;
    const response = await page.request.put(`/api/records/${encodeURIComponent(id)}/fix`, {
      headers: { origin: baseURL! },
      data: { value: { text: '{}' } },
    });
    expect(response.status()).toBe(403);
    const remove = await page.request.delete(`/api/records/${encodeURIComponent(id)}/fix`, {
      headers: { origin: baseURL! },
    });
    expect(remove.status()).toBe(403);
  });
});
