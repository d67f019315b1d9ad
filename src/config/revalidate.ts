/**
 * Checks a Desired that did not come straight from the loader (the copy embedded in a saved plan) with
 * the loader's own checks: it is turned back into the keyless.yaml document it stands for
 * (from-desired.ts), that document goes through the schema, the reference and policy checks and the
 * normalisation, and the result must be exactly the Desired given. So a copy edited into something no
 * keyless.yaml can produce (a value outside an AWS limit, an unknown field, a tag keyless owns) is
 * refused just as the file would be.
 */
import type { Desired } from "../engine/model.ts";
import { firstDifference, showValue } from "../util/first-difference.ts";
import { desiredToDocument } from "./from-desired.ts";
import { formatPath, type Issue, zodIssuesToIssues } from "./issues.ts";
import { toDesired } from "./normalise.ts";
import { configSchema } from "./schema.ts";
import { checkSemantics } from "./semantic.ts";

export type RevalidateResult = { ok: true; desired: Desired } | { ok: false; problems: string[] };

/** Policies are inline in a Desired: nothing is read from disk. */
const noFiles = (path: string): string => {
  throw Object.assign(new Error(`no file ${path}`), { code: "ENOENT" });
};

export function revalidateDesired(value: unknown): RevalidateResult {
  const doc = desiredToDocument(value);
  const parsed = configSchema.safeParse(doc);
  const semantic = checkSemantics(doc, "/", noFiles);
  const reader = { valueAt: (path: Issue["path"]) => valueAt(doc, path), sourceTextAt: () => undefined };
  const issues = [
    ...(parsed.success ? [] : zodIssuesToIssues(parsed.error.issues, [], configSchema, reader)),
    ...semantic.issues,
  ];
  const problems = issues.map((i) => line(i.path, i.message));
  if (!parsed.success || problems.length > 0) return { ok: false, problems: [...new Set(problems)] };
  const desired = toDesired(
    parsed.data,
    semantic.inlinePolicies,
    semantic.presetAttachments,
    semantic.ciPolicies,
  );
  // Compared as JSON: the embedded copy was read from JSON, where undefined members do not exist.
  const diff = firstDifference(JSON.parse(JSON.stringify(value)), JSON.parse(JSON.stringify(desired)));
  if (diff) {
    return {
      ok: false,
      problems: [
        `${diff.path || "(the whole configuration)"}: is ${showValue(diff.left)}, but the keyless.yaml it stands for gives ${showValue(diff.right)}`,
      ],
    };
  }
  return { ok: true, desired };
}

function valueAt(root: unknown, path: Issue["path"]): unknown {
  let v = root;
  for (const segment of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[segment];
  }
  return v;
}

function line(path: Issue["path"], message: string): string {
  const where = formatPath(path);
  return where ? `${where}: ${message}` : message;
}
