/** Declares `keyless suggest`; the work is in src/commands/suggest.ts. */
import type { Command } from "@commander-js/extra-typings";
import type { CliIO } from "./io.ts";

type SetExit = (code: number) => void;

export function registerSuggestCommands(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command("suggest")
    .description(
      "read a Terraform module's .tf files and say which terraform-* permission sets it needs (no AWS call)",
    )
    .argument("[dir]", "the module directory", ".")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      [
        "",
        'Follows local modules (source = "./modules/x"); remote modules are listed, not fetched.',
        "Exit codes: 0 = complete, 1 = some file did not parse or a local module is missing (the rest is",
        "still printed), 64 = the directory does not exist or has no Terraform files.",
        "",
        "Examples:",
        "  keyless suggest infra/network",
        "  keyless suggest . --json | jq -r '.permissionSets[].name'",
        "",
      ].join("\n"),
    )
    .action(async (dir, opts) =>
      setExit(await (await import("../commands/suggest.ts")).runSuggest({ dir, ...opts }, io)),
    );
}
