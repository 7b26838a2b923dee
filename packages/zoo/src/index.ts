export { CHECKPOINT_DIR, ZOO_IDS, ZooLookupError, checkpointBytes, checkpointPath, hasCheckpoint, listCheckpoints } from "./zoo.js";
