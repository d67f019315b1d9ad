/**
 * A saved plan (`plan -out FILE`) carries the plan and the Desired it was computed from, so
 * `apply FILE` can re-read exactly the same scope of AWS and refuse when it changed since.
 * The plan part is parsed and checked by render/plan-file.ts.
 */
import { readFile } from "node:fs/promises";
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

export function parseSavedPlan(text: string, path: string): SavedPlan {
  const plan = parsePlanFile(text, path);
  const desired = (JSON.parse(text) as { desired?: Desired }).desired;
  if (
    !desired ||
    typeof desired !== "object" ||
    !desired.identityCenter ||
    !Array.isArray(desired.permissionSets)
  ) {
    throw new KeylessError(
      "PLAN_INVALID",
      `${path} is not a valid keyless plan file: its keyless.yaml snapshot is missing or damaged.`,
      {
        hint: "Run `keyless plan -out FILE` again.",
      },
    );
  }
  return { plan, desired };
}
