import { alertsResponse } from '@/lib/alerts/view';
import { route } from '@/lib/api/route';

// GET /api/alerts - every DLQ's alert state, inflow rates and backlog, most urgent first, and the webhooks
export const GET = route({ access: 'viewer' }, ({ config }) => alertsResponse(config.alerts.intervalSeconds));
