/** Declares `keyless catalog list|show|boundary`; the work is in src/commands/catalog.ts. */
import { type Command, Option } from "@commander-js/extra-typings";
import type { CliIO } from "./io.ts";

type SetExit = (code: number) => void;

const examples = (lines: string[]): string => `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;

export function registerCatalogCommands(program: Command, io: CliIO, setExit: SetExit): void {
  const catalog = program
    .command("catalog")
    .description("the Terraform permission-set presets: what they grant, deny and render to");
  catalog
    .command("list")
    .description("list the presets with their purpose")
    .option("--json", "print the list as JSON")
    .addHelpText("after", examples(["keyless catalog list", "keyless catalog list --json"]))
    .action(async (opts) => setExit(await (await import("../commands/catalog.ts")).runCatalogList(opts, io)));
  catalog
    .command("show")
    .description("show a preset: grants, denials with reasons, parameters and the rendered policy")
    .argument("<name>", "preset name: core, storage, ... or terraform-core, ...")
    .addOption(
      new Option(
        "-c, --config <file>",
        "keyless.yaml to take parameters from (defaults when it does not exist)",
      )
        .env("KEYLESS_CONFIG")
        .default("keyless.yaml"),
    )
    .option("--json", "print everything as JSON")
    .addHelpText(
      "after",
      examples([
        "keyless catalog show core                 # rendered with keyless.yaml's stateBackend and catalog sections",
        "keyless catalog show terraform-iam --json | jq .rendered.inlinePolicy",
        "keyless catalog show networking -c infra/keyless.yaml",
      ]),
    )
    .action(async (name, opts) =>
      setExit(await (await import("../commands/catalog.ts")).runCatalogShow(name, opts, io)),
    );
  catalog
    .command("boundary")
    .description(
      "print the permissions boundary policy (JSON) every role terraform-iam creates must carry, with the same guardrails as the presets",
    )
    .addOption(
      new Option(
        "-c, --config <file>",
        "keyless.yaml to take parameters from (defaults when it does not exist)",
      )
        .env("KEYLESS_CONFIG")
        .default("keyless.yaml"),
    )
    .addHelpText(
      "after",
      examples([
        "keyless catalog boundary > boundary.json   # rendered with keyless.yaml's catalog and stateBackend sections",
        "aws iam create-policy --policy-name TerraformBoundary --policy-document file://boundary.json",
        "keyless catalog boundary -c infra/keyless.yaml | jq '.Statement[].Sid'",
      ]),
    )
    .action(async (opts) =>
      setExit(await (await import("../commands/catalog.ts")).runCatalogBoundary(opts, io)),
    );
}
