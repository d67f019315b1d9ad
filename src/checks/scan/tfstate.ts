/**
 * Terraform state. A state file (`terraform.tfstate`, `*.tfstate.backup`) stores every resource
 * attribute in clear text, so an `aws_iam_access_key` puts its id and secret there: key-shaped
 * values are reported as `tfstate-secret`. `.terraform/terraform.tfstate` is different: it is the
 * backend configuration `terraform init` cached, and `access_key` / `secret_key` / `token` in its
 * `backend.config` came from the backend block or `-backend-config` flags.
 */
import { JsonSyntaxError, lineIndex, readJson } from "../../local/terraform/hcl-json-reader.ts";
import { fileAt, makeFinding } from "./finding.ts";
import { findKeysInText } from "./text.ts";
import type { Finding } from "./types.ts";

/** `terraform.tfstate`, `prod.tfstate`, `terraform.tfstate.backup`, `errored.tfstate`. */
export function isStateFile(name: string): boolean {
  return name.endsWith(".tfstate") || name.endsWith(".tfstate.backup");
}

export function scanStateFile(text: string, path: string, root: string | undefined): Finding[] {
  return findKeysInText({ text, path, root, kind: "tfstate-secret" });
}

const BACKEND_KEYS = new Set(["access_key", "secret_key", "token"]);

/** Keys in the backend configuration cached by `terraform init` (`.terraform/terraform.tfstate`). */
export function scanBackendCache(text: string, path: string, root: string | undefined): Finding[] {
  let doc: ReturnType<typeof readJson>;
  try {
    doc = readJson(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return [];
    throw err;
  }
  if (doc.kind !== "object") return [];
  const backend = doc.entries.find((e) => e.key === "backend")?.value;
  if (backend?.kind !== "object") return [];
  const config = backend.entries.find((e) => e.key === "config")?.value;
  if (config?.kind !== "object") return [];
  const keys = config.entries.filter(
    (e) => BACKEND_KEYS.has(e.key) && e.value.kind === "string" && e.value.value.trim() !== "",
  );
  const withToken = keys.some((e) => e.key === "token");
  const pos = lineIndex(text);
  return keys.map((e) => {
    const p = pos(e.keyStart);
    return makeFinding({
      kind: "terraform-backend-cache-key",
      location: fileAt(path, root, p.line, p.column),
      value: e.value.kind === "string" ? e.value.value.trim() : "",
      temporary: withToken,
      typeHint: e.key === "token" ? "session-token" : e.key === "secret_key" ? "secret" : undefined,
      context: `in the cached backend config ${e.key}`,
    });
  });
}
