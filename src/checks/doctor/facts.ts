/**
 * Facts several checks share, each computed once per run on first use (a rejected promise is kept
 * too, so every check that needs a broken fact sees the same reason without asking twice).
 */
import { loadAwsConfig } from "../../app/developer-session.ts";
import type { ProfileChoice } from "./facts-types.ts";
import { readTerraformDir } from "./terraform-dir.ts";
import type { DoctorDeps, DoctorFacts } from "./types.ts";

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= fn();
    return p;
  };
}

export interface FactsInput {
  env: Record<string, string | undefined>;
  dir: string;
  profileFlag: string | undefined;
  deps: DoctorDeps;
}

export function createDoctorFacts(input: FactsInput): DoctorFacts {
  const terraformDir = once(() => readTerraformDir(input.dir));
  const profileChoice = once(async (): Promise<ProfileChoice | undefined> => {
    if (input.profileFlag) return { name: input.profileFlag, source: "--profile" };
    if (input.env.AWS_PROFILE) return { name: input.env.AWS_PROFILE, source: "AWS_PROFILE" };
    const tf = await terraformDir();
    if (tf.kind !== "read") return undefined;
    const fromTf = tf.backend?.profile ?? tf.providerProfile;
    return fromTf ? { name: fromTf.value, source: fromTf.at } : undefined;
  });
  const awsConfig = once(() => loadAwsConfig({ env: input.env }));
  const roleCredentials = once(async () => {
    const choice = await profileChoice();
    if (!choice) throw new Error("no profile configured");
    return input.deps.roleCredentials(input.env, choice.name);
  });
  return { terraformDir, profileChoice, awsConfig, roleCredentials };
}
