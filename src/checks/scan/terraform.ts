/**
 * Static keys in Terraform configuration: `access_key` / `secret_key` / `token` written as literals
 * in `provider "aws"` blocks and in `backend "s3"` blocks (`.tf`, `.tf.json`) or backend config files
 * (`*.tfbackend`), and literal values of variables named like a key in `*.tfvars` / `*.tfvars.json`.
 * A reference (`var.x`, `"${var.x}"`) is not a secret and is never reported; `assume_role` and other
 * nested blocks hold no static keys and are not read.
 */
import { parseHcl } from "../../local/terraform/hcl.ts";
import { JsonSyntaxError, lineIndex, readJson } from "../../local/terraform/hcl-json-reader.ts";
import type { HclAttribute, HclBlock } from "../../local/terraform/hcl-types.ts";
import { fileAt, makeFinding } from "./finding.ts";
import type { CredentialType } from "./shapes.ts";
import type { Finding, FindingKind } from "./types.ts";

const KEY_ATTRIBUTES: Record<string, CredentialType> = {
  access_key: "unknown",
  secret_key: "secret",
  token: "session-token",
};

/** A variable name that says "this is an AWS key": `aws_access_key`, `secret_key`, `session_token`... */
const KEY_VARIABLE = /(?:^|_)(?:access_key(?:_id)?|secret(?:_access)?_key|session_token|security_token)$/i;

export type TerraformFileType = "config" | "backend-config" | "tfvars" | "tfvars-json";

/** Which Terraform reader a file name needs, or undefined for a file that is not Terraform's. */
export function terraformFileType(name: string): TerraformFileType | undefined {
  if (name.endsWith(".tf") || name.endsWith(".tf.json")) return "config";
  if (name.endsWith(".tfbackend")) return "backend-config";
  if (name.endsWith(".tfvars")) return "tfvars";
  if (name.endsWith(".tfvars.json")) return "tfvars-json";
  return undefined;
}

export async function scanTerraformFile(
  text: string,
  path: string,
  root: string | undefined,
  type: TerraformFileType,
): Promise<Finding[]> {
  // Parsing is the expensive part; most files name none of the attributes this looks at.
  if (!/access_key|secret|token/i.test(text)) return [];
  const findings: Finding[] = [];
  const report = (
    kind: FindingKind,
    attr: Pick<HclAttribute, "line" | "column">,
    value: string,
    typeHint: CredentialType,
    context: string,
    withToken = false,
  ) => {
    findings.push(
      makeFinding({
        kind,
        location: fileAt(path, root, attr.line, attr.column),
        value,
        typeHint: typeHint === "unknown" ? undefined : typeHint,
        temporary: withToken || typeHint === "session-token",
        context,
      }),
    );
  };
  if (type === "tfvars-json") {
    for (const entry of tfvarsJsonEntries(text)) {
      if (KEY_VARIABLE.test(entry.name) && entry.value !== "")
        report("tfvars-secret", entry, entry.value, hintForVariable(entry.name), `in variable ${entry.name}`);
    }
    return findings;
  }
  const parsed = await parseHcl(text, path);
  if (type === "tfvars") {
    for (const attr of parsed.attributes) {
      const value = literal(attr);
      if (value !== undefined && KEY_VARIABLE.test(attr.name))
        report("tfvars-secret", attr, value, hintForVariable(attr.name), `in variable ${attr.name}`);
    }
    return findings;
  }
  if (type === "backend-config") {
    for (const attr of parsed.attributes) {
      const value = literal(attr);
      const hint = KEY_ATTRIBUTES[attr.name];
      if (value !== undefined && hint !== undefined)
        report("terraform-backend-static-key", attr, value, hint, `in ${attr.name}`);
    }
    return findings;
  }
  for (const block of parsed.blocks) {
    if (block.type === "provider" && block.labels[0] === "aws") {
      const keys = keyAttributes(block);
      const withToken = keys.some((k) => k.hint === "session-token");
      for (const { attr, value, hint } of keys)
        report(
          "terraform-provider-static-key",
          attr,
          value,
          hint,
          `in provider "aws" ${attr.name}`,
          withToken,
        );
    }
    if (block.type === "terraform") {
      for (const backend of block.blocks) {
        if (backend.type !== "backend" || backend.labels[0] !== "s3") continue;
        const keys = keyAttributes(backend);
        const withToken = keys.some((k) => k.hint === "session-token");
        for (const { attr, value, hint } of keys)
          report(
            "terraform-backend-static-key",
            attr,
            value,
            hint,
            `in backend "s3" ${attr.name}`,
            withToken,
          );
      }
    }
  }
  return findings;
}

function keyAttributes(block: HclBlock): { attr: HclAttribute; value: string; hint: CredentialType }[] {
  const out: { attr: HclAttribute; value: string; hint: CredentialType }[] = [];
  for (const attr of block.attributes) {
    const hint = KEY_ATTRIBUTES[attr.name];
    const value = literal(attr);
    if (hint !== undefined && value !== undefined) out.push({ attr, value, hint });
  }
  return out;
}

/** A non-empty literal string, or undefined for references, expressions, numbers and "". */
function literal(attr: HclAttribute): string | undefined {
  return typeof attr.value === "string" && attr.value.trim() !== "" ? attr.value.trim() : undefined;
}

function hintForVariable(name: string): CredentialType {
  if (/token$/i.test(name)) return "session-token";
  if (/secret/i.test(name)) return "secret";
  return "unknown";
}

/** Top-level string values of a `.tfvars.json` file with their positions; nothing for bad JSON. */
function tfvarsJsonEntries(text: string): { name: string; value: string; line: number; column: number }[] {
  let root: ReturnType<typeof readJson>;
  try {
    root = readJson(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return [];
    throw err;
  }
  if (root.kind !== "object") return [];
  const pos = lineIndex(text);
  return root.entries.flatMap((e) =>
    e.value.kind === "string" ? [{ name: e.key, value: e.value.value.trim(), ...pos(e.keyStart) }] : [],
  );
}
