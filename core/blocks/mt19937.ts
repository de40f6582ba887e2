/**
 * MT19937-64 (Matsumoto & Nishimura 2004, `init_by_array64`) and Go's `rand.Shuffle` over it, the generator
 * go-spacemesh seeds with the block's proposal hash to order block transactions (docs/protocol/blocks-and-rewards.md §2;
 * go-spacemesh `blocks/utils.go`, `github.com/seehuhn/mt19937`). BigInt arithmetic: a block shuffles at most a few
 * thousand ids. Pure.
 * @module
 */
const NN = 312;
const MM = 156;
const MATRIX_A = 0xb5026f5aa96619e9n;
const UM = 0xffffffff80000000n;
const LM = 0x7fffffffn;
const MASK64 = (1n << 64n) - 1n;

export class Mt19937 {
  readonly #mt = new Array<bigint>(NN);
  #mti = NN + 1;

  /** Seeds with `init_by_array64(key)`. */
  constructor(key: readonly bigint[]) {
    const mt = this.#mt;
    mt[0] = 19650218n;
    for (let i = 1; i < NN; i++) mt[i] = (6364136223846793005n * (mt[i - 1]! ^ (mt[i - 1]! >> 62n)) + BigInt(i)) & MASK64;
    this.#mti = NN;
    let i = 1;
    let j = 0;
    for (let k = Math.max(NN, key.length); k > 0; k--) {
      mt[i] = ((mt[i]! ^ ((mt[i - 1]! ^ (mt[i - 1]! >> 62n)) * 3935559000370003845n)) + key[j]! + BigInt(j)) & MASK64;
      i++;
      j++;
      if (i >= NN) {
        mt[0] = mt[NN - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = NN - 1; k > 0; k--) {
      mt[i] = ((mt[i]! ^ ((mt[i - 1]! ^ (mt[i - 1]! >> 62n)) * 2862933555777941757n)) - BigInt(i)) & MASK64;
      i++;
      if (i >= NN) {
        mt[0] = mt[NN - 1]!;
        i = 1;
      }
    }
    mt[0] = 1n << 63n;
  }

  uint64(): bigint {
    const mt = this.#mt;
    if (this.#mti >= NN) {
      for (let i = 0; i < NN; i++) {
        const x = (mt[i]! & UM) | (mt[(i + 1) % NN]! & LM);
        mt[i] = mt[(i + MM) % NN]! ^ (x >> 1n) ^ ((x & 1n) === 1n ? MATRIX_A : 0n);
      }
      this.#mti = 0;
    }
    let x = mt[this.#mti++]!;
    x ^= (x >> 29n) & 0x5555555555555555n;
    x ^= (x << 17n) & 0x71d67fffeda60000n;
    x ^= (x << 37n) & 0xfff7eee000000000n;
    x ^= x >> 43n;
    return x;
  }

  /**
   * `Int63` of seehuhn/mt19937 v1.0.0: the low 63 bits of the next output (`int64(y & 0x7fffffffffffffff)`), not the
   * top 63 bits as `rand.Source64` implementations often take.
   */
  int63(): bigint {
    return this.uint64() & 0x7fffffffffffffffn;
  }

  /** Go `rand.(*Rand).Uint32`: `uint32(Int63() >> 31)`. */
  uint32(): number {
    return Number((this.int63() >> 31n) & 0xffffffffn);
  }

  /** Go `rand.(*Rand).int31n`: Lemire's multiply-shift with rejection, for n < 2^31. */
  int31n(n: number): number {
    let prod = BigInt(this.uint32()) * BigInt(n);
    let low = Number(prod & 0xffffffffn);
    if (low < n) {
      const thresh = (2 ** 32 - n) % n;
      while (low < thresh) {
        prod = BigInt(this.uint32()) * BigInt(n);
        low = Number(prod & 0xffffffffn);
      }
    }
    return Number(prod >> 32n);
  }

  /** Go `rand.(*Rand).Shuffle` for fewer than 2^31 elements. */
  shuffle(n: number, swap: (i: number, j: number) => void): void {
    for (let i = n - 1; i > 0; i--) swap(i, this.int31n(i + 1));
  }
}
