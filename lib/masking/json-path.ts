// A small JSON path subset for masking rules: `$`, then `.name`, `['name']`, `[3]`, `[*]`, `.*` and `..name`
// (the field at any depth).

export type PathStep =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'any' }
  | { kind: 'descendant'; name: string };

const STEP =
  /^(?:\.\.([A-Za-z_$][\w$-]*)|\.([A-Za-z_$][\w$-]*)|\.\*|\[\*\]|\[(\d{1,9})\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;

/** The steps of a path, or null when it is not one this subset understands. */
export function parseJsonPath(path: string): PathStep[] | null {
  if (!path.startsWith('$') || path.length > 500) return null;
  const steps: PathStep[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = STEP.exec(rest);
    if (!m) return null;
    if (m[1] !== undefined) steps.push({ kind: 'descendant', name: m[1] });
    else if (m[2] !== undefined) steps.push({ kind: 'field', name: m[2] });
    else if (m[3] !== undefined) steps.push({ kind: 'index', index: Number(m[3]) });
    else if (m[4] !== undefined || m[5] !== undefined)
      steps.push({ kind: 'field', name: (m[4] ?? m[5]!).replace(/\\(.)/g, '$1') });
    else steps.push({ kind: 'any' });
    rest = rest.slice(m[0].length);
  }
  return steps.length > 0 ? steps : null;
}

export function isJsonPath(path: string): boolean {
  return parseJsonPath(path) !== null;
}

type Json = unknown;

function children(node: Json): [string | number, Json][] {
  if (Array.isArray(node)) return node.map((v, i) => [i, v]);
  if (typeof node === 'object' && node !== null) return Object.entries(node);
  return [];
}

/**
 * Replaces, in place, every value the path selects with `replacement`; returns how many it replaced. Recursion
 * over `..name` is bounded by `maxDepth`, so a hostile, deeply nested document cannot exhaust the stack.
 */
export function replaceAtPath(
  doc: Json,
  steps: readonly PathStep[],
  replacement: Json,
  maxDepth = 200,
): number {
  let replaced = 0;
  const visit = (node: Json, at: number, depth: number): void => {
    if (depth > maxDepth) return;
    const step = steps[at];
    if (step === undefined || typeof node !== 'object' || node === null) return;
    const last = at === steps.length - 1;
    const apply = (key: string | number) => {
      const container = node as Record<string | number, Json>;
      if (!(key in container)) return;
      if (last) {
        container[key] = replacement;
        replaced++;
      } else visit(container[key], at + 1, depth + 1);
    };
    switch (step.kind) {
      case 'field':
        if (!Array.isArray(node)) apply(step.name);
        break;
      case 'index':
        if (Array.isArray(node)) apply(step.index);
        break;
      case 'any':
        for (const [key] of children(node)) apply(key);
        break;
      case 'descendant':
        if (!Array.isArray(node) && Object.hasOwn(node, step.name)) apply(step.name);
        for (const [key, child] of children(node)) {
          if (key !== step.name || Array.isArray(node)) visit(child, at, depth + 1);
        }
        break;
    }
  };
  visit(doc, 0, 0);
  return replaced;
}
