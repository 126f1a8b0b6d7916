/**
 * The one redaction step every error message of this package passes through before a user (or a
 * CI log) sees it: the Fabric and Kusto clients run their errors through it, and so does the CLI
 * for every message it prints. A server may echo the request (headers included) in an error body,
 * and a user may paste a SAS URL or a connection string into a flag; neither may reach a log.
 *
 * What is removed, each replaced by `[redacted]`:
 * - `Bearer <token>` (an `Authorization` header value) and anything shaped like a JWT (`eyJ….….…`);
 * - `sig=` of a shared access signature (https://learn.microsoft.com/rest/api/storageservices/create-service-sas);
 * - `AccountKey=` of a storage connection string
 *   (https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string);
 * - `SharedAccessKey=` of an Event Hubs / Service Bus connection string
 *   (https://learn.microsoft.com/azure/event-hubs/event-hubs-get-connection-string);
 * - the user info of a URL (`https://user:password@host`);
 * - every literal secret the caller knows of (the client's own token).
 */

/** What replaces a secret. */
export const REDACTED = "[redacted]";

const RULES: readonly [RegExp, string][] = [
    // RFC 6750 token68 characters; 16 or more, so prose such as "bearer token" stays readable.
    [/\b(Bearer)\s+[\w\-.~+/]{16,}=*/gi, `$1 ${REDACTED}`],
    [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, REDACTED],
    [/([?&;\s"']sig=)[^&\s"',;]+/gi, `$1${REDACTED}`],
    [/\b(AccountKey|SharedAccessKey|SharedAccessSignature)=[^;\s"',]+/gi, `$1=${REDACTED}`],
    [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"']+@/gi, `$1${REDACTED}@`],
];

/**
 * `text` with every secret removed. `secrets` are literal values (a token the client holds) removed
 * wherever they appear; values shorter than 8 characters are ignored, so a short word never turns
 * a message into confetti.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
    let out = text;
    for (const secret of secrets) {
        if (secret && secret.length >= 8) {
            out = out.split(secret).join(REDACTED);
        }
    }
    for (const [pattern, replacement] of RULES) {
        out = out.replace(pattern, replacement);
    }
    return out;
}

/**
 * Redacts an error in place (its message, stack, every own string property, and its `cause` chain)
 * and returns it, so the class and fields callers test for (`FabricApiError.status`, …) survive.
 */
export function redactError<E>(error: E, secrets: readonly (string | undefined)[] = []): E {
    const seen = new Set<unknown>();
    const walk = (value: unknown): void => {
        if (!(value instanceof Error) || seen.has(value)) {
            return;
        }
        seen.add(value);
        const record = value as unknown as Record<string, unknown>;
        for (const key of [...Object.getOwnPropertyNames(value), "message", "stack"]) {
            const field = record[key];
            const descriptor = Object.getOwnPropertyDescriptor(value, key);
            if (typeof field === "string" && (descriptor === undefined || descriptor.writable === true || descriptor.set !== undefined)) {
                record[key] = redact(field, secrets);
            }
        }
        walk(value.cause);
    };
    walk(error);
    return error;
}
