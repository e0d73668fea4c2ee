import { route } from '@/lib/api/route';
import { readyReplayEngine, withReplayEngine } from '@/lib/replay/http';
import type { JobView } from '@/lib/replay/types';
import { replayJobParams } from '@/lib/schemas/replays';

const MIN_INTERVAL_MS = 250;
const KEEPALIVE_MS = 15_000;

export const dynamic = 'force-dynamic';

// GET /api/replays/{id}/events - the job as Server-Sent Events (`event: job`), at most 4 a second, a last one when it
// has finished
export const GET = route({ access: 'viewer', params: replayJobParams }, async ({ params, request }) => {
  const engine = await readyReplayEngine();
  const first = await withReplayEngine((e) => e.get(params.id).job);
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let latest: JobView = first;
      let sentAt = 0;
      let timer: NodeJS.Timeout | null = null;
      let closed = false;
      const finished = (view: JobView) => view.status === 'completed' || view.status === 'cancelled';
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        controller.close();
      };
      const flush = () => {
        timer = null;
        if (closed) return;
        sentAt = Date.now();
        controller.enqueue(encoder.encode(`event: job\ndata: ${JSON.stringify(latest)}\n\n`));
        if (finished(latest)) close();
      };
      const onChange = (view: JobView) => {
        latest = view;
        if (timer) return;
        timer = setTimeout(flush, Math.max(0, sentAt + MIN_INTERVAL_MS - Date.now()));
      };
      const unsubscribe = engine.subscribe(params.id, onChange);
      const keepalive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': keepalive\n\n'));
      }, KEEPALIVE_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(keepalive);
        if (timer) clearTimeout(timer);
      };
      request.signal.addEventListener('abort', close);
      flush();
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    },
  });
});
