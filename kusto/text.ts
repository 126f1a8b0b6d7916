/**
 * Small text helpers shared by the reader, the normaliser and the renderer: Kusto string literals,
 * timespans, names, and the whitespace-insensitive form of a query used to compare bodies.
 */

/** Decodes a Kusto string literal token; undefined when it is not one well-formed literal. */
export function decodeStringLiteral(token: string): string | undefined {
    let t = token;
    if (t.startsWith("h") || t.startsWith("H")) {
        t = t.slice(1);
    }
    for (const fence of ["```", "~~~"]) {
        if (t.startsWith(fence)) {
            return t.length >= 6 && t.endsWith(fence) ? t.slice(3, -3) : undefined;
        }
    }
    const verbatim = t.startsWith("@");
    if (verbatim) {
        t = t.slice(1);
    }
    const quote = t[0];
    if ((quote !== '"' && quote !== "'") || t.length < 2 || t[t.length - 1] !== quote) {
        return undefined;
    }
    const inner = t.slice(1, -1);
    let out = "";
    for (let i = 0; i < inner.length; i++) {
        const ch = inner[i];
        if (verbatim) {
            if (ch === quote) {
                if (inner[i + 1] !== quote) {
                    return undefined;
                }
                i++;
            }
            out += ch;
            continue;
        }
        if (ch === quote || ch === "\n") {
            return undefined;
        }
        if (ch !== "\\") {
            out += ch;
            continue;
        }
        const next = inner[++i];
        const simple: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r", "0": "\0" };
        if (next !== undefined && next in simple) {
            out += simple[next];
        } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(inner.slice(i + 1, i + 5))) {
            out += String.fromCharCode(parseInt(inner.slice(i + 1, i + 5), 16));
            i += 4;
        } else {
            return undefined;
        }
    }
    return out;
}

/** A double-quoted Kusto string literal for any text. */
export function quoteString(value: string): string {
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}"`;
}

/**
 * A literal for JSON (policies, mappings): verbatim `@'...'` keeps one-line JSON readable; JSON
 * written over several lines goes in a ``` multi-line literal, which keeps it as written.
 */
export function quoteJson(json: string): string {
    return /[\r\n]/.test(json) && !json.includes("```") ? `\`\`\`${json}\`\`\`` : `@'${json.replace(/'/g, "''")}'`;
}

const plainName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names that are keywords of the query language and so need brackets. */
const reservedNames = new Set([
    "and", "as", "by", "contains", "count", "database", "datatable", "declare", "default", "extend", "false", "from",
    "has", "in", "join", "let", "limit", "not", "null", "on", "or", "order", "project", "range", "set", "sort",
    "summarize", "table", "take", "to", "top", "true", "union", "view", "where", "with",
]);

export function isPlainName(name: string): boolean {
    return plainName.test(name) && !reservedNames.has(name);
}

/** A name as a command needs it: bare when possible, otherwise `['...']`. */
export function quoteName(name: string): string {
    return isPlainName(name) ? name : `['${name.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`;
}

const msPer: Record<string, number> = {
    d: 86_400_000, day: 86_400_000, days: 86_400_000,
    h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
    m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
    s: 1000, sec: 1000, second: 1000, seconds: 1000,
    ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1,
};

/** Parses `7d`, `1.5h`, `time(7d)`, `7.00:00:00`, `00:05:00` into milliseconds. */
export function parseTimespan(text: string): number | undefined {
    let t = text.trim();
    const wrapped = /^time\((.*)\)$/.exec(t);
    if (wrapped) {
        t = wrapped[1].trim();
    }
    const unit = /^(\d+(?:\.\d+)?)([a-z]+)$/i.exec(t);
    if (unit) {
        const per = msPer[unit[2].toLowerCase()];
        return per === undefined ? undefined : Math.round(Number(unit[1]) * per);
    }
    const clock = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(t);
    if (clock) {
        const [, days, h, m, s, frac] = clock;
        const fraction = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
        return Number(days ?? 0) * 86_400_000 + Number(h) * 3_600_000 + Number(m) * 60_000 + Number(s) * 1000 + fraction;
    }
    return undefined;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** Milliseconds as .NET prints a TimeSpan: `7.00:00:00`, `00:05:00`, `00:00:01.5000000`. */
export function formatTimespan(ms: number): string {
    const days = Math.floor(ms / 86_400_000);
    let rest = ms - days * 86_400_000;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const s = Math.floor(rest / 1000);
    const frac = rest - s * 1000;
    return `${days ? `${days}.` : ""}${pad(h)}:${pad(m)}:${pad(s)}${frac ? `.${pad(frac, 3)}0000` : ""}`;
}

/** A .NET timespan as the shortest KQL literal (`7d`, `36h`, `5m`). */
export function timespanLiteral(dotnet: string): string {
    const ms = parseTimespan(dotnet) ?? 0;
    for (const [unit, per] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]] as const) {
        if (ms % per === 0) {
            return `${ms / per}${unit}`;
        }
    }
    return `${ms}ms`;
}

/**
 * A query with whitespace and comments made irrelevant: string literals kept whole, words and
 * numbers kept whole, every other character on its own, joined by one space. The server keeps a
 * function body as sent, so layout is all that may differ between two equal bodies.
 */
export function normalizeQuery(query: string): string {
    return queryTokens(query).join(" ");
}

/** The tokens {@link normalizeQuery} joins. */
export function queryTokens(query: string): string[] {
    const parts: string[] = [];
    const n = query.length;
    let i = 0;
    while (i < n) {
        const ch = query[i];
        if (/\s/.test(ch)) {
            i++;
        } else if (ch === "/" && query[i + 1] === "/") {
            while (i < n && query[i] !== "\n") i++;
        } else if (query.startsWith("```", i) || query.startsWith("~~~", i)) {
            const end = query.indexOf(query.slice(i, i + 3), i + 3);
            const stop = end < 0 ? n : end + 3;
            parts.push(query.slice(i, stop));
            i = stop;
        } else if (ch === '"' || ch === "'" || ((ch === "@" || ch === "h" || ch === "H") && (query[i + 1] === '"' || query[i + 1] === "'"))) {
            const start = i;
            const verbatim = ch === "@";
            if (ch !== '"' && ch !== "'") i++;
            const quote = query[i++];
            while (i < n) {
                if (!verbatim && query[i] === "\\") {
                    i += 2;
                } else if (query[i] === quote) {
                    i++;
                    if (!(verbatim && query[i] === quote)) break;
                    i++;
                } else {
                    i++;
                }
            }
            parts.push(query.slice(start, i));
        } else if (/[A-Za-z0-9_$.]/.test(ch)) {
            const start = i;
            while (i < n && /[A-Za-z0-9_$.]/.test(query[i])) i++;
            parts.push(query.slice(start, i));
        } else {
            parts.push(ch);
            i++;
        }
    }
    return parts;
}

/** A column list as Kusto writes it in `.create table` and schemas: `(Name:type, [odd name]:type)`. */
export function columnList(columns: readonly { name: string; type: string }[]): string {
    return `(${columns.map((c) => `${quoteName(c.name)}:${c.type}`).join(", ")})`;
}

/** A GUID (Entra object ids, Fabric workspace, item and connection ids, role definition names): 8-4-4-4-12 hexadecimal digits, either case. */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
