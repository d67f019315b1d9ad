/**
 * The terminal as a full-screen prompt (configure's picker) uses it: keystrokes one by one in raw
 * mode, drawing on stderr (stdout stays for results), the size of the window. Only when both stdin
 * and stderr are terminals; otherwise prompts fall back to reading lines.
 */

export interface RawTerminal {
  /** The window's size (LINES / COLUMNS when the terminal does not say, else 24×80). */
  size(): { rows: number; columns: number };
  /** Raw mode on, each chunk of input to `onData`; the returned function restores the terminal. */
  readKeys(onData: (data: string) => void): () => void;
  /** Draws on the terminal. */
  write(text: string): void;
}

export function processTerminal(env: Record<string, string | undefined>): RawTerminal | undefined {
  const input = process.stdin;
  const output = process.stderr;
  if (!input.isTTY || !output.isTTY || typeof input.setRawMode !== "function") return undefined;
  return {
    size: () => ({
      rows: output.rows || Number(env.LINES) || 24,
      columns: output.columns || Number(env.COLUMNS) || 80,
    }),
    readKeys(onData) {
      const listener = (chunk: Buffer | string) => onData(chunk.toString());
      input.setRawMode(true);
      input.setEncoding("utf8");
      input.on("data", listener);
      input.resume();
      // Whatever ends the process, the shell gets its terminal back in line mode.
      const restore = () => input.setRawMode(false);
      process.once("exit", restore);
      return () => {
        process.off("exit", restore);
        input.off("data", listener);
        input.setRawMode(false);
        input.pause();
      };
    },
    write: (text) => output.write(text),
  };
}
