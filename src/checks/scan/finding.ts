/** Builds findings the same way in every detector: severity from the value, masked form, fingerprint. */
import { fingerprintOf, isExampleValue, maskValue } from "./masks.ts";
import { type CredentialType, credentialLabel, credentialType } from "./shapes.ts";
import type { Finding, FindingKind, FindingLocation, Severity } from "./types.ts";

export interface FindingInput {
  kind: FindingKind;
  location: FindingLocation;
  /** The credential value: used for severity, mask and fingerprint, never stored. */
  value: string;
  /** True when the value is known to be temporary (an `ASIA` id nearby, a session token beside it). */
  temporary?: boolean;
  /** Where it sits, appended to the label: `in profile [default]`, `in provider "aws"`. */
  context?: string;
  /** Severity for a temporary credential; `low` unless the caller says otherwise (environment: `info`). */
  temporarySeverity?: Severity;
  /** What the value is when its shape does not tell (a `token` attribute holds a session token). */
  typeHint?: CredentialType;
}

export function makeFinding(input: FindingInput): Finding {
  const shape = credentialType(input.value);
  const type = shape === "unknown" || shape === "secret" ? (input.typeHint ?? shape) : shape;
  const temporary = input.temporary === true || type === "temporary-id" || type === "session-token";
  const example = isExampleValue(input.value);
  const severity: Severity = example ? "example" : temporary ? (input.temporarySeverity ?? "low") : "high";
  const masked = maskValue(input.value);
  const label = example ? `AWS documentation example ${credentialLabel(type)}` : credentialLabel(type);
  const shown = masked.includes("…") ? `${label} ${masked}` : `${label} (${masked})`;
  return {
    kind: input.kind,
    severity,
    location: input.location,
    what: input.context ? `${shown} ${input.context}` : shown,
    masked,
    fingerprint: fingerprintOf(input.value),
  };
}

/** A file location in the tree (or outside it when root is undefined). */
export function fileAt(
  path: string,
  root: string | undefined,
  line: number,
  column: number,
): FindingLocation {
  return root === undefined
    ? { type: "file", path, line, column }
    : { type: "file", path, root, line, column };
}
