/** Declares `keyless policy lint`; the work is in src/commands/policy-lint.ts. */
import { type Command, Option } from "@commander-js/extra-typings";
import type { CliIO } from "./io.ts";

type SetExit = (code: number) => void;

export function registerPolicyCommands(program: Command, io: CliIO, setExit: SetExit): void {
  const policy = program.command("policy").description("work with IAM policy documents");
  policy
    .command("lint")
    .description(
      "check IAM policy JSON files: actions, wildcards, condition operators and keys, resource ARNs, size, risky grants",
    )
    .argument("<files...>", "policy documents (JSON)")
    .option("--json", "print the findings as JSON")
    .option("--strict", "fail (exit 65) on warnings too")
    .addOption(
      new Option("--kind <kind>", "size limit to check against")
        .choices(["inline", "customer-managed"] as const)
        .default("inline" as const),
    )
    .addHelpText(
      "after",
      [
        "",
        "Exit codes: 0 no errors (warnings allowed unless --strict), 65 errors, 64 a file could not be read.",
        "",
        "Examples:",
        "  keyless policy lint policies/*.json",
        "  keyless policy lint --strict --kind customer-managed policies/boundary.json",
        "  keyless policy lint --json policy.json | jq '.files[].findings[]'",
        "",
      ].join("\n"),
    )
    .action(async (files, opts) =>
      setExit(await (await import("../commands/policy-lint.ts")).runPolicyLint(files, opts, io)),
    );
}
