// Seeded random numbers for Monte Carlo VaR: xoshiro128** (Blackman and Vigna, 2018) for
// 32-bit integers, seeded through SplitMix32 so any 32-bit seed gives a well-mixed state,
// and standard normals by the ziggurat method (Marsaglia and Tsang, 2000) with 256 layers
// and 53-bit uniforms: the layer and sign come from one 32-bit draw and the position in
// the layer from 21 more bits of it and a second draw, so the layer index and the value
// never share bits (the flaw Doornik found in the original 32-bit version). The fast path
// (about 98.8% of draws) is integer arithmetic and one IEEE multiplication, the same on
// every engine; the slow path calls Math.exp and Math.log, whose last bits an engine may
// choose, so a seed reproduces its figures exactly on one Node version and to rounding
// across them. Pure: the state lives in the caller's typed array or generator object.
//
// `NormalGenerator` is the algorithm written plainly; `fillNormals` and `simulateDots`
// (the Monte Carlo loop) run it inlined with the state in locals, and are tested against
// it draw for draw.

/** The ziggurat's rightmost layer edge r and the common layer area v (f(x) = e^(-x²/2)). */
export const ZIGGURAT_R = 3.6541528853610088;
const ZIGGURAT_V = 4.92867323399e-3;
const LAYERS = 256;

/**
 * Layer widths x[0..256]: x[0] = v/f(r) (the base layer with its tail, as one rectangle),
 * x[1] = r, x[i+1] = f⁻¹(f(x[i]) + v/x[i]), x[256] = 0; and f at each.
 */
function zigguratTables(): { x: Float64Array; f: Float64Array } {
  const x = new Float64Array(LAYERS + 1);
  const f = new Float64Array(LAYERS + 1);
  const fr = Math.exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R);
  x[0] = ZIGGURAT_V / fr;
  x[1] = ZIGGURAT_R;
  for (let i = 1; i < LAYERS - 1; i++) {
    const xi = x[i] as number;
    x[i + 1] = Math.sqrt(-2 * Math.log(ZIGGURAT_V / xi + Math.exp(-0.5 * xi * xi)));
  }
  x[LAYERS] = 0;
  for (let i = 0; i <= LAYERS; i++) f[i] = Math.exp(-0.5 * (x[i] as number) ** 2);
  return { x, f };
}

export const ZIGGURAT = zigguratTables();

/**
 * The widths times 2^-53, so a 53-bit integer U gives the candidate U * ws[i] in one
 * multiplication: the same double as (U 2^-53) x[i], since scaling by a power of two is exact.
 */
const WIDTHS_53 = ZIGGURAT.x.map((x) => x * 2 ** -53);

/** SplitMix32 (the 32-bit finalizer of MurmurHash3 over a Weyl sequence): seeds xoshiro. */
export function seedState(seed: number): Int32Array {
  const state = new Int32Array(4);
  let z = seed >>> 0;
  for (let i = 0; i < 4; i++) {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
    state[i] = t ^ (t >>> 16);
  }
  // An all-zero state would repeat zero forever. It cannot arise: the finalizer is a
  // bijection, so of four distinct Weyl values at most one maps to zero.
  return state;
}

const TWO_POW_32 = 4_294_967_296;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;

/** One xoshiro128** step on the four words at `o` of `s`: the next 32-bit output (unsigned). */
function step(s: Int32Array, o: number): number {
  const s0 = s[o] as number;
  const s1 = s[o + 1] as number;
  const s2 = s[o + 2] as number;
  const s3 = s[o + 3] as number;
  const m = Math.imul(s1, 5);
  const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  const t = s1 << 9;
  const n2 = s2 ^ s0;
  const n3 = s3 ^ s1;
  s[o] = s0 ^ n3;
  s[o + 1] = s1 ^ n2;
  s[o + 2] = n2 ^ t;
  s[o + 3] = (n3 << 11) | (n3 >>> 21);
  return result;
}

/** A uniform double in [0, 1) with 53 random bits: two steps. */
function uniform(s: Int32Array, o: number): number {
  const hi = step(s, o) >>> 11;
  return (hi * TWO_POW_32 + step(s, o)) * TWO_POW_MINUS_53;
}

/** xoshiro128**: 32-bit outputs, period 2^128 - 1. */
export class Xoshiro128 {
  readonly state: Int32Array;
  constructor(seed: number) {
    this.state = seedState(seed);
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    return step(this.state, 0);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    return uniform(this.state, 0);
  }
}

/**
 * The ziggurat's slow path, after the fast test failed in `layer` with candidate `x`
 * (unsigned), drawing from the generator state at `o` of `s`: the tail beyond r (layer 0)
 * or the wedge test; NaN means draw again.
 */
function zigguratSlow(s: Int32Array, o: number, layer: number, x: number): number {
  const { f } = ZIGGURAT;
  if (layer === 0) {
    // Marsaglia's tail method: r + a, with a exponential of rate r, accepted by 2b > a².
    for (;;) {
      const a = -Math.log(1 - uniform(s, o)) / ZIGGURAT_R;
      const b = -Math.log(1 - uniform(s, o));
      if (b + b > a * a) return ZIGGURAT_R + a;
    }
  }
  const f0 = f[layer] as number;
  const y = f0 + uniform(s, o) * ((f[layer + 1] as number) - f0);
  return y < Math.exp(-0.5 * x * x) ? x : Number.NaN;
}

/** One deviate from the generator at `o` of `s`: the ziggurat written plainly. */
function nextNormal(s: Int32Array, o: number): number {
  const { x: w } = ZIGGURAT;
  for (;;) {
    const a = step(s, o);
    const b = step(s, o);
    const layer = a & 0xff;
    const u = ((a >>> 11) * TWO_POW_32 + b) * TWO_POW_MINUS_53;
    const x = u * (w[layer] as number);
    const sign = a & 0x100 ? -1 : 1;
    if (x < (w[layer + 1] as number)) return sign * x;
    const z = zigguratSlow(s, o, layer, x);
    if (z === z) return sign * z; // not NaN
  }
}

/**
 * The rest of a draw whose fast test failed (first 32-bit output `a`, candidate `x`):
 * the slow path, and where it rejects, a whole new draw, as nextNormal would go on.
 */
function finishDraw(s: Int32Array, o: number, a: number, x: number): number {
  const z = zigguratSlow(s, o, a & 0xff, x);
  if (z === z) return a & 0x100 ? -z : z;
  return nextNormal(s, o);
}

/**
 * Standard normal deviates from a seed, one at a time: the reference, written plainly,
 * that `fillNormals` (the fast path Monte Carlo uses) is tested against draw for draw.
 */
export class NormalGenerator {
  readonly rng: Xoshiro128;
  constructor(seed: number) {
    this.rng = new Xoshiro128(seed);
  }

  next(): number {
    return nextNormal(this.rng.state, 0);
  }

  /** Fills `out` with deviates. */
  fill(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.next();
    return out;
  }
}

/**
 * Fills `out` with the next `out.length` deviates of the generator whose state is the four
 * words at `o` of `state` (advanced in place): NormalGenerator's algorithm and sequence,
 * with the state in locals and the fast path inlined (about 98.8% of draws end there).
 */
export function fillNormals(state: Int32Array, o: number, out: Float64Array): void {
  const w = ZIGGURAT.x;
  const ws = WIDTHS_53;
  let s0 = state[o] as number;
  let s1 = state[o + 1] as number;
  let s2 = state[o + 2] as number;
  let s3 = state[o + 3] as number;
  const n = out.length;
  for (let j = 0; j < n; j++) {
    let m = Math.imul(s1, 5);
    const a = Math.imul((m << 7) | (m >>> 25), 9);
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    m = Math.imul(s1, 5);
    const c = Math.imul((m << 7) | (m >>> 25), 9);
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const layer = a & 0xff;
    const x = ((a >>> 11) * TWO_POW_32 + (c >>> 0)) * (ws[layer] as number);
    if (x < (w[layer + 1] as number)) out[j] = a & 0x100 ? -x : x;
    else {
      state[o] = s0;
      state[o + 1] = s1;
      state[o + 2] = s2;
      state[o + 3] = s3;
      out[j] = finishDraw(state, o, a, x);
      s0 = state[o] as number;
      s1 = state[o + 1] as number;
      s2 = state[o + 2] as number;
      s3 = state[o + 3] as number;
    }
  }
  state[o] = s0;
  state[o + 1] = s1;
  state[o + 2] = s2;
  state[o + 3] = s3;
}

/**
 * The Monte Carlo loop's generator: for each scenario s, the dot product of `b` with the
 * next `b.length` deviates, negated into `losses[s]` (the loss -b.z), and the generator's
 * state at the scenario's start into `states` (4 words a scenario, for fillNormals to draw
 * the scenario again). fillNormals' algorithm and sequence, fused with the sum and with the
 * scenario loop so the state stays in locals throughout: kept beside fillNormals rather
 * than shared because a shared loop costs the hot path about a quarter of its time; both
 * are tested draw for draw against NormalGenerator.
 */
export function simulateDots(
  b: Float64Array,
  seed: number,
  losses: Float64Array,
  states: Int32Array,
): void {
  const w = ZIGGURAT.x;
  const ws = WIDTHS_53;
  const state = seedState(seed);
  let s0 = state[0] as number;
  let s1 = state[1] as number;
  let s2 = state[2] as number;
  let s3 = state[3] as number;
  const n = b.length;
  const scenarios = losses.length;
  if (states.length < scenarios * 4) throw new RangeError('states needs 4 words a scenario');
  for (let s = 0; s < scenarios; s++) {
    const o = s << 2;
    states[o] = s0;
    states[o + 1] = s1;
    states[o + 2] = s2;
    states[o + 3] = s3;
    let acc = 0;
    let j = 0;
    for (;;) {
      // The fast path alone in the innermost loop: the slow path (about 1.2% of draws) is
      // taken outside it, so its code does not crowd the registers of the loop.
      let a = 0;
      let x = 0;
      for (; j < n; j++) {
        let m = Math.imul(s1, 5);
        a = Math.imul((m << 7) | (m >>> 25), 9);
        let t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        m = Math.imul(s1, 5);
        const c = Math.imul((m << 7) | (m >>> 25), 9);
        t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        const layer = a & 0xff;
        x = ((a >>> 11) * TWO_POW_32 + (c >>> 0)) * (ws[layer] as number);
        if (x >= (w[layer + 1] as number)) break;
        acc += (b[j] as number) * (a & 0x100 ? -x : x);
      }
      if (j === n) break;
      state[0] = s0;
      state[1] = s1;
      state[2] = s2;
      state[3] = s3;
      acc += (b[j] as number) * finishDraw(state, 0, a, x);
      s0 = state[0] as number;
      s1 = state[1] as number;
      s2 = state[2] as number;
      s3 = state[3] as number;
      j++;
    }
    losses[s] = -acc;
  }
}
