export type { ProductEngine, WeightHandle } from "./product-engine.js";
