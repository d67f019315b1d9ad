/** Installs the missing tools when it can; resolves to { tool: reason } for each one still missing. */
export function ensureTestTools(tools: string[]): Promise<Record<string, string>>;
