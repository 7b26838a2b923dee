/** Base class of every error thrown by @trex/registry; catch this to handle any registry failure. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A lookup named an id nobody registered; the message lists the ids that are known. */
export class UnknownIdError extends RegistryError {
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly known: readonly string[],
  ) {
    super(
      known.length === 0
        ? `Unknown ${kind} "${id}": no ${kind}s are registered. Add a plugin that provides one to trex.config.json ("plugins": [...]).`
        : `Unknown ${kind} "${id}". Known ${kind}s: ${known.join(", ")}.`,
    );
  }
}

/** Two descriptors of the same kind claimed one id; ids must be unique per kind. */
export class DuplicateIdError extends RegistryError {
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly existingSource: string | undefined,
    readonly newSource: string | undefined,
  ) {
    const by = (source: string | undefined) => (source ? ` by ${source}` : "");
    super(
      `Duplicate ${kind} id "${id}": already registered${by(existingSource)}, registered again${by(newSource)}. ` +
        "Rename one of them or load only one of the plugins.",
    );
  }
}

/** A plugin (or descriptor) targets a plugin API this registry does not support. */
export class PluginVersionError extends RegistryError {
  constructor(
    readonly plugin: string,
    readonly pluginApiVersion: string,
    readonly supportedApiVersion: string,
    reason: string,
  ) {
    super(
      `Plugin "${plugin}" targets plugin API ${pluginApiVersion}, but this registry supports ${supportedApiVersion} ` +
        `(${reason}). Use a plugin release built for API ${supportedApiVersion.split(".")[0]}.x.`,
    );
  }
}

/** A plugin module could not be found, imported, or does not export a valid `trexPlugin`. */
export class PluginLoadError extends RegistryError {
  constructor(
    readonly specifier: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot load plugin "${specifier}": ${message}`);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** A trex.config.json or package.json `trex` section is malformed. */
export class PluginConfigError extends RegistryError {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`Bad plugin configuration in ${file}: ${problem}`);
  }
}

/** A parameter value (from the CLI or a web form) does not fit its schema. */
export class ParamError extends RegistryError {
  constructor(
    readonly param: string,
    readonly value: unknown,
    readonly expected: string,
    detail?: string,
  ) {
    super(
      `Parameter "${param}": ${formatValue(value)} is not valid${detail ? ` (${detail})` : ""}; expected ${expected}.`,
    );
  }
}

function formatValue(value: unknown): string {
  if (value === undefined) return "a missing value";
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
