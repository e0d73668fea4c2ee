// Line diff for "fix against the original": Myers' O((N+M)·D) algorithm after trimming the common head and tail, so
// a one-line fix in a large payload costs little. Past MAX_EDITS differing lines the rest is shown as removed and
// re-added rather than spending seconds on the shortest script.

export type DiffLine =
  | { kind: 'same'; text: string; oldLine: number; newLine: number }
  | { kind: 'del'; text: string; oldLine: number }
  | { kind: 'add'; text: string; newLine: number };

export type DiffPiece = DiffLine | { kind: 'skip'; lines: number };

const MAX_EDITS = 2000;

const splitLines = (text: string) => (text === '' ? [] : text.replace(/\r\n/g, '\n').split('\n'));

type Edit = 'same' | 'del' | 'add';

/** The shortest edit script between a and b, or null when it needs more than `max` edits. */
function myers(a: string[], b: string[], max: number): Edit[] | null {
  const n = a.length;
  const m = b.length;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], dEnd: number, n: number, m: number): Edit[] {
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const prev = trace[d]!;
    // trace[d] holds v before round d, indices k in [-d-1, d+1] stored from 0.
    const at = (k: number) => prev[k + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      edits.push('same');
      x--;
      y--;
    }
    edits.push(down ? 'add' : 'del');
    if (down) y--;
    else x--;
  }
  while (x > 0 && y > 0) {
    edits.push('same');
    x--;
    y--;
  }
  return edits.reverse();
}

export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const script = myers(midA, midB, Math.min(MAX_EDITS, midA.length + midB.length)) ?? [
    ...midA.map((): Edit => 'del'),
    ...midB.map((): Edit => 'add'),
  ];

  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  const same = () => {
    out.push({ kind: 'same', text: a[i]!, oldLine: i + 1, newLine: j + 1 });
    i++;
    j++;
  };
  while (i < head) same();
  for (const edit of script) {
    if (edit === 'same') same();
    else if (edit === 'del') out.push({ kind: 'del', text: a[i]!, oldLine: ++i });
    else out.push({ kind: 'add', text: b[j]!, newLine: ++j });
  }
  while (i < a.length) same();
  return out;
}

/** Unchanged runs longer than 2·context lines folded into "skip" pieces, as in a unified diff. */
export function foldUnchanged(lines: DiffLine[], context = 3): DiffPiece[] {
  const out: DiffPiece[] = [];
  let run: DiffLine[] = [];
  const flush = (atStart: boolean, atEnd: boolean) => {
    const keepHead = atStart ? 0 : context;
    const keepTail = atEnd ? 0 : context;
    if (run.length > keepHead + keepTail + 1) {
      out.push(...run.slice(0, keepHead), { kind: 'skip', lines: run.length - keepHead - keepTail });
      out.push(...run.slice(run.length - keepTail));
    } else {
      out.push(...run);
    }
    run = [];
  };
  let seenChange = false;
  for (const line of lines) {
    if (line.kind === 'same') {
      run.push(line);
      continue;
    }
    flush(!seenChange, false);
    seenChange = true;
    out.push(line);
  }
  flush(!seenChange, true);
  return out;
}

export const hasChanges = (lines: DiffLine[]) => lines.some((l) => l.kind !== 'same');
