/**
 * A saved plan (`plan -out FILE`) carries the plan and the Desired it was computed from, so
 * `apply FILE` can re-read exactly the same scope of AWS, refuse when it changed since, and recompute
 * the plan from that Desired to refuse changes nobody computed (saved-plan-check.ts). The plan part is
 * parsed and checked by render/plan-file.ts; the Desired by the config loader's own checks.
 */
import { readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { revalidateDesired } from "../config/revalidate.ts";
import type { Desired } from "../engine/model.ts";
import type { Plan } from "../engine/plan-types.ts";
import { KeylessError } from "../errors/keyless-error.ts";
import { parsePlanFile, serializePlanFile } from "../render/plan-file.ts";
import { writeFileAtomic } from "../util/atomic-write.ts";

export interface SavedPlan {
  plan: Plan;
  desired: Desired;
}

export async function savePlanFile(path: string, saved: SavedPlan): Promise<void> {
  // 0600: the plan names users and their e-mail addresses.
  await writeFileAtomic(path, serializePlanFile(saved.plan, { desired: saved.desired }), { mode: 0o600 });
}

/**
 * Refuses a `-out` path the plan could not be written to, before anything is read from AWS: an
 * existing directory (or other non-file), or a path whose directory does not exist.
 */
export async function checkPlanOutPath(path: string, given: string): Promise<void> {
  const usage = (why: string, hint: string) =>
    new KeylessError("USAGE", `cannot save the plan to ${given}: ${why}`, { hint });
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory() || given.endsWith("/")) {
    throw usage(
      existing ? `${path} is a directory` : `${given} names a directory`,
      `Give a file name, e.g. -out ${given.replace(/\/+$/, "") || "."}/keyless.plan`,
    );
  }
  if (existing && !existing.isFile()) {
    throw usage(`${path} exists and is not a regular file`, "Give the path of a new or existing plan file.");
  }
  const dir = dirname(path);
  const parent = await stat(dir).catch((err: NodeJS.ErrnoException) => err.code ?? "unreadable");
  if (typeof parent !== "string" && parent.isDirectory()) return;
  const why =
    parent === "ENOENT"
      ? `its directory ${dir} does not exist`
      : typeof parent !== "string" || parent === "ENOTDIR"
        ? `${dir} is not a directory`
        : `its directory ${dir} cannot be used (${parent})`;
  throw usage(why, "Create the directory first, or give another path.");
}

export async function loadPlanFile(path: string): Promise<SavedPlan> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new KeylessError(
      "PLAN_INVALID",
      `cannot read plan file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      { hint: "Give the path of a file written by `keyless plan -out FILE`." },
    );
  }
  return parseSavedPlan(text, path);
}

/**
 * The plan and its Desired. The Desired must be exactly what some keyless.yaml loads into (same
 * checks as `keyless validate`), so an edited copy cannot smuggle in what the loader refuses.
 */
export function parseSavedPlan(text: string, path: string): SavedPlan {
  const plan = parsePlanFile(text, path);
  const embedded = (JSON.parse(text) as { desired?: unknown }).desired;
  if (embedded === null || typeof embedded !== "object" || Array.isArray(embedded)) {
    throw new KeylessError(
      "PLAN_INVALID",
      `${path} is not a valid keyless plan file: its keyless.yaml snapshot is missing or damaged.`,
      { hint: "Run `keyless plan -out FILE` again." },
    );
  }
  const checked = revalidateDesired(embedded);
  if (!checked.ok) {
    throw new KeylessError(
      "PLAN_INVALID",
      `${path} was edited: its keyless.yaml snapshot ("desired") is not a valid configuration. Nothing was read from AWS or changed.`,
      {
        details: checked.problems.slice(0, 10),
        hint: "Do not edit plan files. Run `keyless plan -out FILE` again from keyless.yaml and review the new plan.",
      },
    );
  }
  return { plan, desired: checked.desired };
}
