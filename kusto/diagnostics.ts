/** Diagnostics as every edge-fabric tool prints them: `PATH:LINE:COL: error CODE: MESSAGE`. */

export interface SourceFile {
    path: string;
    text: string;
}

export interface Diagnostic {
    path: string;
    /** 1-based. */
    line: number;
    /** 1-based, in UTF-16 code units like editors count them. */
    column: number;
    /** `note`: nothing to fix (a command of the current schema the engine keeps as it is). */
    severity: "error" | "warning" | "note";
    code: string;
    message: string;
}

/** Shape check of a diagnostic read back from a cache. */
export function isDiagnostic(v: unknown): v is Diagnostic {
    const d = v as Partial<Record<keyof Diagnostic, unknown>> | null;
    return (
        typeof d === "object" && d !== null && typeof d.path === "string" && typeof d.line === "number" && typeof d.column === "number" &&
        (d.severity === "error" || d.severity === "warning" || d.severity === "note") && typeof d.code === "string" && typeof d.message === "string"
    );
}

export function formatDiagnostic(d: Diagnostic): string {
    return `${d.path}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
}

/**
 * The engine's own codes (Kusto.Language's are `KS…`). Stable: tests and users match on them.
 */
export const Codes = {
    missingBlankLine: "EF001",
    unknownCommand: "EF002",
    unsupportedCommand: "EF003",
    notACommand: "EF004",
    unmanaged: "EF005",
    duplicateColumn: "EF101",
    invalidColumnType: "EF102",
    conflictingDefinition: "EF103",
    unknownTable: "EF201",
    unknownMaterializedView: "EF202",
    unknownMappingColumn: "EF301",
    badJson: "EF302",
    badPolicy: "EF303",
    policyOwnedElsewhere: "EF304",
    unknownSourceTable: "EF401",
    updateQueryInvalid: "EF402",
    updateQuerySchema: "EF403",
    viewQueryInvalid: "EF501",
    badExternalTable: "EF601",
    badContinuousExport: "EF602",
    unknownExternalTable: "EF603",
    exportQueryInvalid: "EF604",
    exportQuerySchema: "EF605",
} as const;

/** Turns offsets in a file into 1-based line and column. */
export class LineMap {
    private readonly starts: number[] = [0];

    constructor(text: string) {
        for (let i = 0; i < text.length; i++) {
            if (text.charCodeAt(i) === 10) {
                this.starts.push(i + 1);
            }
        }
    }

    position(offset: number): { line: number; column: number } {
        let lo = 0;
        let hi = this.starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (this.starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return { line: lo + 1, column: offset - this.starts[lo] + 1 };
    }
}

/** Collects diagnostics for one file, placed by offset. */
export class DiagnosticSink {
    readonly items: Diagnostic[] = [];
    private readonly lines: LineMap;

    constructor(
        readonly path: string,
        text: string,
    ) {
        this.lines = new LineMap(text);
    }

    error(offset: number, code: string, message: string): void {
        this.items.push({ path: this.path, ...this.lines.position(offset), severity: "error", code, message });
    }

    warning(offset: number, code: string, message: string): void {
        this.items.push({ path: this.path, ...this.lines.position(offset), severity: "warning", code, message });
    }

    note(offset: number, code: string, message: string): Diagnostic {
        return { path: this.path, ...this.lines.position(offset), severity: "note", code, message };
    }

    at(offset: number): { path: string; line: number; column: number } {
        return { path: this.path, ...this.lines.position(offset) };
    }
}
