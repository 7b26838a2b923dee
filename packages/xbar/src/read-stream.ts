import { Rng } from "./rng.js";

/**
 * The read-noise random stream of one engine (or one experiment): the state of the kernel's four
 * xorshift128 lane generators. Products drawn from the same stream in the same order are bit-identical.
 */
export class ReadStream {
  /** 16 words: lane generators' x, y, z, w (4 lanes each). */
  readonly state = new Uint32Array(16);

  constructor(seed: number) {
    const rng = new Rng(seed ^ 0x5bd1e995);
    for (let i = 0; i < 16; i++) this.state[i] = rng.nextU32();
    // A lane whose four words are all zero would stay zero forever.
    for (let lane = 0; lane < 4; lane++) {
      if ((this.state[lane] | this.state[4 + lane] | this.state[8 + lane] | this.state[12 + lane]) === 0) {
        this.state[12 + lane] = 0x9e3779b9;
      }
    }
  }
}
