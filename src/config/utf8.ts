/**
 * Strict UTF-8 decoding for the files keyless.yaml is made of. Node's "utf8" decoding replaces a bad
 * byte with U+FFFD, which would turn a Latin-1 "é" in a group name into "\uFFFD" and create that group
 * in AWS; keyless refuses the file instead and says where the first bad byte is.
 */

/** A file that is not UTF-8: where its first bad byte is (line and column as in the other messages). */
export class NotUtf8Error extends Error {
  readonly code = "EILSEQ";
  constructor(
    /** 0-based byte offset of the first bad byte. */
    readonly offset: number,
    /** The bad byte's value. */
    readonly byte: number,
    readonly line: number,
    /** 1-based, counted like yaml's columns (UTF-16 code units of the valid text before it). */
    readonly col: number,
  ) {
    super(`not valid UTF-8: byte 0x${byte.toString(16).padStart(2, "0")} at line ${line}, column ${col}`);
  }

  /** What to say about the byte, for messages: what it is and the likely cause. */
  describe(): string {
    const hex = `0x${this.byte.toString(16).padStart(2, "0")}`;
    return `the file is not valid UTF-8 (byte ${hex} at offset ${this.offset} does not start a valid UTF-8 character); it was probably saved in another encoding such as Latin-1 or Windows-1252: save it as UTF-8`;
  }
}

/** Decodes UTF-8 text; a leading byte-order mark is dropped (editors add it, it is not content). */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    const before = bytes.subarray(0, offset);
    const lineStart = before.lastIndexOf(0x0a) + 1;
    let line = 1;
    for (const b of before) if (b === 0x0a) line++;
    // The bytes before the bad one are valid UTF-8, so they decode without loss.
    let lineText = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset));
    if (lineStart === 0 && lineText.startsWith("\uFEFF")) lineText = lineText.slice(1);
    throw new NotUtf8Error(offset, bytes[offset] ?? 0, line, lineText.length + 1);
  }
}

/**
 * Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (Unicode
 * Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF); bytes.length if there is none.
 * A sequence cut short is reported at its first byte, where the broken character starts.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c === undefined || c < min || c > max) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
