/** A seeded pseudo-random source (mulberry32): the same seed yields the same demo data everywhere. */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T extends { weight: number }>(items: readonly T[]): T;
  /** Lower-case hex string of the given length. */
  hex(length: number): string;
  /** Alphanumeric string of the given length, as in generated ids. */
  alnum(length: number): string;
  bytes(length: number): Buffer;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick,
    weighted: (items) => {
      const total = items.reduce((sum, item) => sum + item.weight, 0);
      let roll = next() * total;
      for (const item of items) {
        roll -= item.weight;
        if (roll < 0) return item;
      }
      return pick(items);
    },
    hex: (length) => {
      let text = '';
      while (text.length < length)
        text += Math.floor(next() * 4294967296)
          .toString(16)
          .padStart(8, '0');
      return text.slice(0, length);
    },
    alnum: (length) => {
      let text = '';
      for (let i = 0; i < length; i++) text += ALNUM.charAt(Math.floor(next() * ALNUM.length));
      return text;
    },
    bytes: (length) => {
      const bytes = Buffer.allocUnsafe(length);
      for (let i = 0; i < length; i++) bytes[i] = Math.floor(next() * 256);
      return bytes;
    },
  };
}
