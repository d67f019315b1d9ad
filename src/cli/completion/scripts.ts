/**
 * The completion scripts `keyless completion SHELL` prints. Each is a thin shell function that hands
 * the words typed so far to `keyless __complete -- WORDS...` and offers the lines it prints, so what
 * completes is always what the installed keyless accepts. When keyless offers nothing, bash and zsh
 * fall back to file names (the command after `keyless exec PROFILE --`, files for `--from`).
 */

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# keyless completion for bash (keyless completion --help shows how to install it).
_keyless_complete() {
  local IFS=$'\\n'
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  COMPREPLY=($("\${COMP_WORDS[0]}" __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null))
}
complete -o default -F _keyless_complete keyless
`;

const ZSH = `#compdef keyless
# keyless completion for zsh (keyless completion --help shows how to install it).
_keyless() {
  local -a candidates
  candidates=("\${(@f)$("\${words[1]}" __complete -- "\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}" 2>/dev/null)}")
  candidates=("\${(@)candidates:#}")
  if (( \${#candidates} )); then
    compadd -a candidates
  else
    _files
  fi
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _keyless "$@"
else
  compdef _keyless keyless
fi
`;

const FISH = `# keyless completion for fish (keyless completion --help shows how to install it).
function __keyless_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    $words[1] __complete -- $words[2..-1] "$current" 2>/dev/null
end
complete -c keyless -f -a '(__keyless_complete)'
`;

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}
