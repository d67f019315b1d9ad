/** Placeholder entry until the command wiring lands. */
export async function main(_argv: string[]): Promise<number> {
  return 0;
}
