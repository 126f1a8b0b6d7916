/**
 * The names a KQL query text refers to, found by a lexical scan that skips comments and string
 * literals. Used to fill a dashboard query's `usedVariables` (which parameters it binds): the
 * offline analysis against the schema is what proves the query right; this only lists names.
 */

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

/** Every identifier (and bracketed name such as `['_startTime']`) in `query`, outside comments and strings. */
export function referencedNames(query: string): Set<string> {
    const names = new Set<string>();
    let i = 0;
    while (i < query.length) {
        const c = query[i];
        if (c === "/" && query[i + 1] === "/") {
            i = endOfLine(query, i);
        } else if (c === "[" && (query[i + 1] === "'" || query[i + 1] === '"')) {
            const end = endOfString(query, i + 1, false);
            names.add(unquote(query.slice(i + 2, end - 1)));
            i = end;
        } else if (c === "'" || c === '"') {
            i = endOfString(query, i, false);
        } else if (c === "@" && (query[i + 1] === "'" || query[i + 1] === '"')) {
            i = endOfString(query, i + 1, true);
        } else if ((c === "`" || c === "~") && query.startsWith(c.repeat(3), i)) {
            const end = query.indexOf(c.repeat(3), i + 3);
            i = end < 0 ? query.length : end + 3;
        } else if (IDENT_START.test(c)) {
            let j = i + 1;
            while (j < query.length && IDENT_PART.test(query[j])) {
                j++;
            }
            // A letter glued to a quote is a string prefix (h'secret', @ handled above), not a name.
            const word = query.slice(i, j);
            if (!(word === "h" || word === "H") || !(query[j] === "'" || query[j] === '"')) {
                names.add(word);
            }
            i = j;
        } else {
            i++;
        }
    }
    return names;
}

function endOfLine(text: string, from: number): number {
    const nl = text.indexOf("\n", from);
    return nl < 0 ? text.length : nl + 1;
}

/** Index just past the string literal opening at `open` (a quote); verbatim strings double the quote to escape it. */
function endOfString(text: string, open: number, verbatim: boolean): number {
    const quote = text[open];
    let i = open + 1;
    while (i < text.length) {
        if (!verbatim && text[i] === "\\") {
            i += 2;
        } else if (text[i] === quote) {
            if (verbatim && text[i + 1] === quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i++;
        }
    }
    return text.length;
}

function unquote(body: string): string {
    return body.replace(/\\(.)/g, "$1");
}
