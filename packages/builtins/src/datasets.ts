import type { DatasetPlugin } from "@trex/registry";
import { type LoadDatasetOptions, type TaskData, loadDataset } from "@trex/train";

const descriptions: Record<string, { description: string; task: string }> = {
  fmnist: {
    description:
      "Fashion-MNIST (28×28 grey, 10 classes): Debian's dataset-fashion-mnist IDX files, TREX_FMNIST_DIR, or the embedded 1 000 + 1 000 subset",
    task: "image-classification",
  },
  accept: {
    description:
      "Embedded sentence acceptability (State of the Union sentences + documented corruptions), CoLA-style labels; metrics accuracy and MCC",
    task: "sequence-classification",
  },
};

function datasetPlugin(id: string): DatasetPlugin<TaskData, LoadDatasetOptions> {
  const d = descriptions[id];
  return { id, description: d.description, task: d.task, load: (options) => loadDataset(id, options) };
}

/** The built-in datasets (paths to IDX folders, image folders and CoLA TSVs are accepted by every command too). */
export function builtinDatasets(): DatasetPlugin<TaskData, LoadDatasetOptions>[] {
  return Object.keys(descriptions).map(datasetPlugin);
}
