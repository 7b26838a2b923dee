import { CliError } from "./errors.js";

/** An integer flag value >= min (undefined when the flag was not given). */
export function int(value: string | undefined, flag: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new CliError(`${flag} must be an integer >= ${min}, got "${value}"`);
  return Number(value);
}

/** A finite, strictly positive number flag value (undefined when the flag was not given). */
export function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x <= 0) throw new CliError(`${flag} must be a positive number, got "${value}"`);
  return x;
}

/** A finite number flag value >= 0 (undefined when the flag was not given). */
export function nonNegative(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x < 0) throw new CliError(`${flag} must be a number >= 0, got "${value}"`);
  return x;
}
