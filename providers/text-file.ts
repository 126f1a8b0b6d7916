/**
 * Reading a text file the way edge-fabric's inputs must be: UTF-8 (the encoding YAML 1.2 and KQL
 * scripts are written in), no NUL byte. A file that is not is refused with its byte offset instead
 * of being decoded with replacement characters and applied so.
 */
import { readFileSync } from "node:fs";

/** A file that is not UTF-8 text; the message names the file, the byte offset and its line. */
export class NotTextError extends Error {
    constructor(file: string, what: string) {
        super(`${file}: ${what}; save the file as UTF-8 text`);
        this.name = "NotTextError";
    }
}

const strict = new TextDecoder("utf-8", { fatal: true });

/** Decodes `bytes` read from `file`, or throws `NotTextError` at the first byte that is not UTF-8 text. */
export function decodeText(file: string, bytes: Uint8Array): string {
    const nul = bytes.indexOf(0);
    let text: string;
    try {
        text = strict.decode(nul === -1 ? bytes : bytes.subarray(0, nul));
    } catch {
        const offset = firstInvalidByte(bytes);
        throw new NotTextError(file, `byte 0x${bytes[offset].toString(16).padStart(2, "0")} at byte offset ${offset} (line ${lineAt(bytes, offset)}) is not UTF-8`);
    }
    if (nul !== -1) {
        throw new NotTextError(file, `a NUL byte at byte offset ${nul} (line ${lineAt(bytes, nul)}) marks binary data, not text`);
    }
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `decodeText` of a file's content (a read error is left to the caller). */
export function readTextFile(file: string): string {
    return decodeText(file, readFileSync(file));
}

/** Offset of the first byte starting a sequence that is not well-formed UTF-8 (RFC 3629, section 4). */
function firstInvalidByte(bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length; ) {
        const b = bytes[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        // Lead byte -> sequence length and the range its second byte must be in (no overlongs, no surrogates, <= U+10FFFF).
        const [length, low, high] = b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] : b === 0xf0 ? [4, 0x90, 0xbf] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : [0, 0, 0];
        const tail = bytes.subarray(i + 1, i + length);
        if (length === 0 || tail.length < length - 1 || tail[0] < low || tail[0] > high || tail.some((c) => c < 0x80 || c > 0xbf)) {
            return i;
        }
        i += length;
    }
    return bytes.length;
}

function lineAt(bytes: Uint8Array, offset: number): number {
    let line = 1;
    for (let i = 0; i < offset; i++) {
        if (bytes[i] === 0x0a) line++;
    }
    return line;
}

/** Why a file operation failed, in words (Node's error codes are POSIX errno names). */
export function fsReason(error: unknown): string {
    const code = (error as NodeJS.ErrnoException).code;
    switch (code) {
        case "ENOENT":
            return "no such file or folder";
        case "EEXIST":
        case "ENOTDIR":
            return "a file is in the way where a folder is needed";
        case "EISDIR":
            return "it is a folder, not a file";
        case "EACCES":
        case "EPERM":
            return "permission denied";
        case "EROFS":
            return "read-only file system";
        case "ENOSPC":
            return "no space left on the device";
        default:
            return code ?? String(error);
    }
}
