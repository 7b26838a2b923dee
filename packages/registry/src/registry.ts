import { DuplicateIdError, RegistryError, UnknownIdError } from "./errors.js";

/** Ids are used on command lines and in URLs: keep them to a safe, readable alphabet. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Where a descriptor came from (a plugin name or module path); used in error messages and `trex list`. */
export interface RegisterOptions {
  readonly source?: string;
}

/** One registered descriptor together with the plugin that provided it. */
export interface RegistryEntry<T> {
  readonly item: T;
  readonly source: string | undefined;
}

/**
 * A typed name → descriptor table, the one shape every TReX extension point shares:
 * `register` (a duplicate id throws), `get` (an unknown id throws and lists the known ones), `list`.
 * Descriptors are frozen on registration so a plugin cannot change them behind the registry's back.
 */
export class Registry<T extends { readonly id: string }> {
  readonly #entries = new Map<string, RegistryEntry<T>>();

  /** `kind` is the singular noun used in messages ("method", "model", ...). */
  constructor(
    readonly kind: string,
    private readonly validate?: (item: T, source: string | undefined) => void,
    private readonly idPattern: RegExp = ID_PATTERN,
  ) {}

  register(item: T, options: RegisterOptions = {}): T {
    this.check(item, options);
    const frozen = Object.freeze(item);
    this.#entries.set(item.id, { item: frozen, source: options.source });
    return frozen;
  }

  /** Everything `register` checks (id form, uniqueness, the kind's own validation) without registering. */
  check(item: T, options: RegisterOptions = {}): void {
    if (item === null || typeof item !== "object") {
      throw new RegistryError(`Cannot register ${this.kind}: expected a descriptor object, got ${typeof item}.`);
    }
    const id: unknown = item.id;
    if (typeof id !== "string" || !this.idPattern.test(id)) {
      throw new RegistryError(
        `Cannot register ${this.kind} with id ${JSON.stringify(id)}${options.source ? ` from ${options.source}` : ""}: ` +
          `an id must match ${this.idPattern} (letters, digits, '.', '_' or '-', starting with a letter or digit).`,
      );
    }
    this.assertAvailable(id, options.source);
    this.validate?.(item, options.source);
  }

  /** Throws DuplicateIdError if `id` is taken; lets callers check a batch before registering any of it. */
  assertAvailable(id: string, source?: string): void {
    const existing = this.#entries.get(id);
    if (existing) throw new DuplicateIdError(this.kind, id, existing.source, source);
  }

  get(id: string): T {
    const entry = this.#entries.get(id);
    if (!entry) throw new UnknownIdError(this.kind, id, this.ids());
    return entry.item;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /** Descriptors sorted by id, so listings are stable whatever the plugin load order. */
  list(): T[] {
    return this.entries().map((entry) => entry.item);
  }

  entries(): RegistryEntry<T>[] {
    return [...this.#entries.values()].sort((a, b) => (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0));
  }

  ids(): string[] {
    return this.entries().map((entry) => entry.item.id);
  }

  get size(): number {
    return this.#entries.size;
  }
}
