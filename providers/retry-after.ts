/**
 * `Retry-After` (RFC 9110 §10.2.3, https://www.rfc-editor.org/rfc/rfc9110#field.retry-after), read
 * the same way by the Fabric and Kusto clients: delta-seconds (Fabric's spec declares an integer) or
 * an HTTP date.
 */

/** The header as milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now: number = Date.now()): number | undefined {
    const trimmed = value?.trim();
    if (!trimmed) {
        return undefined;
    }
    if (/^\d+(\.\d+)?$/.test(trimmed)) {
        return Math.round(Number(trimmed) * 1000);
    }
    const date = Date.parse(trimmed);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
