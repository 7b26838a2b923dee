/** Base class of every error thrown by @trex/onnx. */
export class OnnxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The bytes are not a readable ONNX ModelProto (corrupt, truncated, or not ONNX at all). */
export class OnnxParseError extends OnnxError {}

/** Where in the graph an import failed: the node (name, op type, index in graph order) or tensor. */
export interface OnnxLocation {
  nodeName?: string;
  opType?: string;
  nodeIndex?: number;
  tensor?: string;
}

function where(loc: OnnxLocation): string {
  const parts: string[] = [];
  if (loc.opType !== undefined || loc.nodeName !== undefined) {
    parts.push(`node #${loc.nodeIndex ?? "?"} ${loc.opType ?? "?"} "${loc.nodeName ?? ""}"`);
  }
  if (loc.tensor !== undefined) parts.push(`tensor "${loc.tensor}"`);
  return parts.length > 0 ? ` (at ${parts.join(", ")})` : "";
}

/** The graph parsed but does not have the structure of a supported family; names the node or tensor. */
export class OnnxImportError extends OnnxError {
  readonly location: OnnxLocation;
  constructor(message: string, location: OnnxLocation = {}) {
    super(`${message}${where(location)}`);
    this.location = location;
  }
}

/** Inputs given to a model or an ONNX session have the wrong shape, type or count. */
export class OnnxInputError extends OnnxError {}

/** A model could not be written as ONNX (an unsupported operation or inconsistent emitted graph). */
export class OnnxExportError extends OnnxError {}
