/**
 * Problems found in serving-layer input (dashboard specs, alert config, Activator templates), each
 * with the path of the offending value, so one run reports every problem and says where it is.
 */

export interface ConfigIssue {
    /** Where the value is, e.g. `alerts.rules[0].threshold` or `pages[0].tiles[2] "Latest values"`. */
    path: string;
    message: string;
}

/** Thrown when input has one or more problems; the message lists all of them, one per line. */
export class ServingConfigError extends Error {
    constructor(
        readonly what: string,
        readonly issues: ConfigIssue[],
    ) {
        super(`${what}:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}`);
        this.name = "ServingConfigError";
    }
}

/** Joins a config path prefix and a relative path (`alerts` + `rules[0]` -> `alerts.rules[0]`). */
export function joinPath(prefix: string, ...parts: (string | number)[]): string {
    let path = prefix;
    for (const part of parts) {
        path = typeof part === "number" ? `${path}[${part}]` : path ? `${path}.${part}` : part;
    }
    return path;
}
