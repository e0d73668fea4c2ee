import { alertsResponse } from '@/lib/alerts/view';
import { route } from '@/lib/api/route';
import { withMaskedTitles } from '@/lib/masking/record-masking';

// GET /api/alerts - every DLQ's alert state, inflow rates and backlog, most urgent first, and the webhooks
export const GET = route({ access: 'viewer' }, ({ config }) =>
  withMaskedTitles(config, alertsResponse(config.alerts.intervalSeconds)),
);
