export { DelayTargetError, PatternError, ReuseParamError, SearchOptionError, TrexMethodError } from "./errors.js";
export { modelChain, reuseIndices, TREX_PARAMS, type TrexParams } from "./params.js";
export { reuseSources, transformBlockLayers, trexTransformSpec } from "./transform-spec.js";
export { applyTrex } from "./apply.js";
export {
  allPlacements,
  binomial,
  continuousPattern,
  type PatternFamily,
  pyramidPattern,
  type ReusePattern,
  stridedPattern,
  uniformPatterns,
} from "./patterns.js";
export { chooseReuseCount, type PatternDelay, type ReuseCountResult } from "./reuse-count.js";
export { erf, GELU_ARGMIN, GELU_MIN, gelu64, geluInverse } from "./gelu-inverse.js";
export { RidgeAccumulator } from "./ridge.js";
export { CLOSED_FORM_DEFAULTS, type ClosedFormOptions, fitTransformBlocks, type TbFit } from "./closed-form.js";
export { FEFET_NOISE, type NoiseDesign, distillTrain, noiseDesignFor, type TrainRunOptions } from "./variation-aware.js";
export { compareHardware, type HardwareComparison, type HardwareNumbers, hardwareNumbers } from "./hardware-summary.js";
export {
  type CandidateResult,
  distillationLoss,
  type SearchBudget,
  type SearchMode,
  type SearchOptions,
  type SearchResult,
  searchTrex,
} from "./search.js";
export { trexMethod, trexPlugin } from "./plugin.js";
export { type CountCost, delayTargetForEdapRatio, EDAP_MATCHES, type EdapMatch, type EdapTarget, reuseCountCosts } from "./edap-target.js";
export { designIdOf, loadSearchInputs, parseNoiseDesign, parseSearchBudget, resolveHwPreset, type SearchInputs } from "./search-inputs.js";
export {
  type Accuracy,
  type NonidealAccuracy,
  runStudy,
  type StudyCheckpoint,
  type StudyModel,
  type StudyModelResult,
  type StudyOptions,
  type StudyResult,
  type StudyRow,
  type StudySearchSettings,
} from "./study.js";
export { studyMarkdown } from "./study-markdown.js";
