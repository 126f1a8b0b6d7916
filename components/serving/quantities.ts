/**
 * Durations and physical quantities as people write them in stack config ("5m", "-2 °C"),
 * parsed strictly: an alert threshold in the wrong unit is worse than no alert, so a value that
 * is not a number with a known unit is rejected, never guessed.
 */

const DURATION_UNITS: Record<string, number> = {
    ms: 1,
    s: 1000,
    m: 60_000,
    min: 60_000,
    h: 3_600_000,
    d: 86_400_000,
};

/** Milliseconds of a duration written as `<number><unit>` with unit ms, s, m/min, h or d (e.g. `5m`, `90s`, `1.5h`). */
export function parseDuration(text: string): number {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|m|h|d)\s*$/.exec(text);
    if (!match) {
        throw new Error(`"${text}" is not a duration: write a number and a unit (ms, s, m, h, d), e.g. "5m" or "30s"`);
    }
    return Number(match[1]) * DURATION_UNITS[match[2]];
}

/** A duration in the shortest exact unit, for messages and KQL (`300000` -> `5m`). */
export function formatDuration(ms: number): string {
    for (const unit of ["d", "h", "m", "s"]) {
        const size = DURATION_UNITS[unit];
        if (ms >= size && ms % size === 0) {
            return `${ms / size}${unit}`;
        }
    }
    return `${ms}ms`;
}

/** A number with a unit, the unit in its canonical spelling (see {@link UNITS}). */
export interface Quantity {
    value: number;
    unit: string;
}

interface UnitInfo {
    dimension: string;
    /** Converts a value in this unit to the dimension's base unit. */
    toBase: (v: number) => number;
    /** Converts a value in the dimension's base unit to this unit. */
    fromBase: (v: number) => number;
}

const linear = (dimension: string, factor: number): UnitInfo => ({ dimension, toBase: (v) => v * factor, fromBase: (v) => v / factor });

/** Canonical units by dimension; the base unit of each dimension has factor 1. */
const UNITS: Record<string, UnitInfo> = {
    degC: linear("temperature", 1),
    degF: { dimension: "temperature", toBase: (v) => ((v - 32) * 5) / 9, fromBase: (v) => (v * 9) / 5 + 32 },
    K: { dimension: "temperature", toBase: (v) => v - 273.15, fromBase: (v) => v + 273.15 },
    percent: linear("ratio", 1),
    Pa: linear("pressure", 1),
    kPa: linear("pressure", 1000),
    bar: linear("pressure", 100_000),
    psi: linear("pressure", 6894.757),
    count: linear("count", 1),
};

/** Spellings accepted in config, mapped to the canonical unit. */
const ALIASES: Record<string, string> = {
    "°C": "degC", "ºC": "degC", C: "degC", degC: "degC", celsius: "degC",
    "°F": "degF", "ºF": "degF", F: "degF", degF: "degF", fahrenheit: "degF",
    K: "K", kelvin: "K",
    "%": "percent", "%RH": "percent", percent: "percent",
    Pa: "Pa", kPa: "kPa", bar: "bar", psi: "psi",
    count: "count",
};

/** The canonical spelling of a unit, or undefined when it is not a known unit. */
export function canonicalUnit(unit: string): string | undefined {
    return ALIASES[unit.trim()];
}

/** Parses `"-2 °C"`, `"-2C"`, `"85 %RH"` or `{ value: -2, unit: "degC" }` into a quantity with a canonical unit. */
export function parseQuantity(input: string | Quantity): Quantity {
    const [value, unitText] = typeof input === "string" ? splitQuantity(input) : [input.value, input.unit];
    if (!Number.isFinite(value)) {
        throw new Error(`${JSON.stringify(input)} is not a number with a unit, e.g. "-2 °C"`);
    }
    const unit = canonicalUnit(unitText);
    if (!unit) {
        throw new Error(`unknown unit "${unitText}" in ${JSON.stringify(input)}: use one of ${Object.keys(ALIASES).join(", ")}`);
    }
    return { value, unit };
}

function splitQuantity(text: string): [number, string] {
    const match = /^\s*([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(\S.*?)?\s*$/.exec(text);
    if (!match) {
        throw new Error(`"${text}" is not a number with a unit, e.g. "-2 °C"`);
    }
    if (!match[2]) {
        throw new Error(`"${text}" has no unit: write it with one, e.g. "${match[1]} °C"`);
    }
    return [Number(match[1]), match[2]];
}

/** Converts a quantity to `unit` (canonical or alias); throws when the dimensions differ (°C vs %). */
export function convertQuantity(q: Quantity, unit: string): number {
    const target = canonicalUnit(unit);
    const from = UNITS[q.unit];
    const to = target ? UNITS[target] : undefined;
    if (!from || !to || !target) {
        throw new Error(`unknown unit "${!from ? q.unit : unit}"`);
    }
    if (from.dimension !== to.dimension) {
        throw new Error(`${q.value} ${q.unit} is a ${from.dimension}, expected a ${to.dimension} in ${target}`);
    }
    // Rounded so -2 °C -> °F -> °C gives back -2, not -2.0000000000000004.
    return Math.round(to.fromBase(from.toBase(q.value)) * 1e9) / 1e9;
}
