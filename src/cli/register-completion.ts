/**
 * `keyless completion SHELL` (prints a completion script) and the hidden `keyless __complete WORDS...`
 * the scripts call on each TAB. __complete builds nothing but the command tree and reads only the
 * config file: no AWS SDK, no keyless.yaml (the modules are imported when they run, as every command's).
 */
import { Argument, type Command } from "@commander-js/extra-typings";
import { KeylessError } from "../errors/keyless-error.ts";
import { SHELLS, type Shell } from "./completion/scripts.ts";
import type { CliIO } from "./io.ts";

type SetExit = (code: number) => void;

const INSTALL = `
Install:
  bash   keyless completion bash > ~/.local/share/bash-completion/completions/keyless
         (or: echo 'source <(keyless completion bash)' >> ~/.bashrc;
          system-wide: keyless completion bash > /etc/bash_completion.d/keyless)
  zsh    mkdir -p ~/.zsh/completions && keyless completion zsh > ~/.zsh/completions/_keyless
         then in ~/.zshrc, before compinit:  fpath=(~/.zsh/completions $fpath)
         and once:  autoload -Uz compinit && compinit
         (or, after compinit in ~/.zshrc:  source <(keyless completion zsh))
  fish   keyless completion fish > ~/.config/fish/completions/keyless.fish

Open a new shell afterwards. Completes commands, flags, profile names from ~/.aws/config (or
AWS_CONFIG_FILE) for PROFILE and --profile, and sso-session names for --session.

Examples:
  keyless completion bash > /etc/bash_completion.d/keyless
  keyless completion zsh > ~/.zsh/completions/_keyless
  keyless completion fish > ~/.config/fish/completions/keyless.fish

Exit codes: 0 printed, 64 unknown shell.
`;

function checkShell(value: string): Shell {
  if ((SHELLS as readonly string[]).includes(value)) return value as Shell;
  throw new KeylessError("USAGE", `keyless completion: unknown shell "${value}"`, {
    hint: `Supported shells: ${SHELLS.join(", ")}. For example: keyless completion bash`,
  });
}

export function registerCompletionCommands(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command("completion")
    .description("print a shell completion script for bash, zsh or fish")
    // choices() lists the shells in --help and for completion; the parser after it gives keyless's
    // own error (exit 64 with a hint) instead of commander's.
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(SHELLS).argParser(checkShell))
    .addHelpText("after", INSTALL)
    .action(async (shell) => {
      const { completionScript } = await import("./completion/scripts.ts");
      io.out(completionScript(shell));
      setExit(0);
    });

  program
    .command("__complete", { hidden: true })
    .description("print the completions of the words after --, one a line (used by the scripts)")
    .argument("[words...]")
    .helpOption(false)
    .allowUnknownOption()
    .action(async (words) => {
      const [{ complete }, { configNames }] = await Promise.all([
        import("./completion/complete.ts"),
        import("./completion/config-names.ts"),
      ]);
      const found = complete(program, words.length ? words : [""], configNames(io.env));
      if (found.length) io.out(`${found.join("\n")}\n`);
      setExit(0);
    });
}
