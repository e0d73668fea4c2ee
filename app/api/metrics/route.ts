import { EXPOSITION_CONTENT_TYPE } from '@/lib/alerts/metrics/exposition';
import { metricsText } from '@/lib/alerts/metrics/collect';
import { route } from '@/lib/api/route';

// GET /api/metrics - Prometheus text exposition; scrape it with an API token (Authorization: Bearer <token>)
export const GET = route(
  { access: 'viewer' },
  () =>
    new Response(metricsText(), {
      headers: { 'content-type': EXPOSITION_CONTENT_TYPE, 'cache-control': 'no-store' },
    }),
);
