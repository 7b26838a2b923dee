export type { Kernels } from "./kernels.js";
