/**
 * Seeded randomness with random access: every (seed, provider, index, stream) gets its own small
 * generator, so any invoice can be produced without generating the ones before it.
 */

/** murmur3's 32-bit finalizer: a bijection on uint32 with good avalanche. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds a safe integer (possibly negative or above 2^32) into 32 bits. */
export function seedKey(seed: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 0x1_0000_0000) >>> 0;
  return mix32(lo ^ mix32(hi ^ 0x5bd1e995));
}

/** Independent sub-streams of one invoice. */
export const Stream = { arrival: 1, issue: 2, content: 3, revision: 4, population: 5 } as const;

/** sfc32: 128-bit state, fast, statistically sound for simulation data. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(k0: number, k1: number, k2: number, k3: number) {
    this.a = k0 >>> 0;
    this.b = k1 >>> 0;
    this.c = k2 >>> 0;
    this.d = k3 >>> 0;
    for (let i = 0; i < 6; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 0x1_0000_0000;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Picks by relative weight; `weights` parallels `items`. */
  weighted<T>(items: readonly T[], weights: readonly number[], total: number): T {
    let r = this.float() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** Lower-case hex string of `digits` characters. */
  hex(digits: number): string {
    let out = '';
    while (out.length < digits) out += this.next().toString(16).padStart(8, '0');
    return out.slice(0, digits);
  }
}

/** The generator for one stream of one invoice. */
export function rngFor(datasetKey: number, providerNo: number, index: number, stream: number): Rng {
  const k = mix32(datasetKey ^ Math.imul(providerNo + 1, 0x9e3779b9));
  return new Rng(k, mix32(k ^ stream), index >>> 0, mix32(Math.imul(stream, 0x27d4eb2f) ^ index));
}
