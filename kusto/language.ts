/**
 * The narrow slice of Kusto.Language (`@kusto/language-service-next`, a Bridge.NET build of Microsoft's
 * C# parser) the engine uses, loaded lazily: loading costs ≈ 0.4–0.7 s, so code that never needs the
 * parser (diffing two models, rendering) never pays for it. The library publishes a global namespace
 * rather than exports; these interfaces type only what is called here.
 */
import { createRequire } from "node:module";

/** A .NET `IReadOnlyList<T>` as Bridge.NET exposes it. */
export interface NetList<T> {
    readonly Count: number;
    getItem(index: number): T;
}

export interface KDiagnostic {
    readonly Start: number;
    readonly Length: number;
    readonly Code: string;
    readonly Message: string;
    readonly Severity: string;
}

export interface KLexicalToken {
    readonly Kind: number;
    readonly Text: string;
    readonly Trivia: string;
}

export interface KTypeSymbol {
    readonly Name: string;
}

export interface KColumnSymbol {
    readonly Name: string;
    readonly Type: KTypeSymbol;
}

export interface KSyntaxElement {
    readonly Kind: number;
    readonly IsToken: boolean;
    readonly Text: string;
    readonly TextStart: number;
    readonly ChildCount: number;
    GetChild(index: number): KSyntaxElement | null;
    ToString(): string;
}

export interface KCustomCommand extends KSyntaxElement {
    readonly CommandKind: string;
    readonly Custom: KSyntaxElement;
}

export interface KKustoCode {
    readonly Syntax: KSyntaxElement;
    readonly ResultType: { readonly Columns?: NetList<KColumnSymbol> } | null;
    GetDiagnostics(): NetList<KDiagnostic>;
}

export type KSymbol = object;

export interface KGlobalState {
    WithCluster(cluster: KSymbol): KGlobalState;
    WithDatabase(database: KSymbol): KGlobalState;
}

export interface KustoLanguage {
    readonly KustoCode: {
        Parse(text: string): KKustoCode;
        ParseAndAnalyze(text: string, globals: KGlobalState): KKustoCode;
    };
    readonly GlobalState: { readonly Default: KGlobalState };
    readonly Parsing: { readonly TokenParser: { ParseTokens(text: string): KLexicalToken[] } };
    readonly Syntax: { readonly SyntaxKind: Record<string, number> };
    readonly Symbols: {
        readonly TableSymbol: {
            readonly $ctor6: new (name: string, columns: KSymbol[], description: string | null) => KSymbol;
            readonly $ctor7: new (name: string, schema: string, description: string | null) => KSymbol;
        };
        readonly ColumnSymbol: new (name: string, type: KSymbol) => KSymbol;
        readonly ScalarTypes: { GetSymbol(typeName: string): KSymbol | null };
        readonly FunctionSymbol: {
            readonly $ctor14: new (name: string, body: string, parameters: KSymbol[], description: string | null) => KSymbol;
            readonly $ctor16: new (name: string, parameters: string, body: string, description: string | null) => KSymbol;
        };
        readonly MaterializedViewSymbol: {
            readonly $ctor3: new (name: string, schema: string, query: string, description: string | null) => KSymbol;
        };
        readonly DatabaseSymbol: { readonly ctor: new (name: string, members: KSymbol[]) => KSymbol };
        readonly ClusterSymbol: { readonly ctor: new (name: string, databases: KSymbol[]) => KSymbol };
    };
}

let loaded: KustoLanguage | undefined;

/** Kusto.Language, loaded on first use. */
export function kustoLanguage(): KustoLanguage {
    if (!loaded) {
        const load = createRequire(__filename);
        // The package's minified builds of the same two scripts: a quarter of the 18 MB to read and compile.
        load("@kusto/language-service-next/bridge.min.js");
        load("@kusto/language-service-next/Kusto.Language.Bridge.min.js");
        loaded = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
    }
    return loaded;
}

/** The package version, part of every cache key: a new parser may judge the same text differently. */
export function kustoLanguageVersion(): string {
    const load = createRequire(__filename);
    return (load("@kusto/language-service-next/package.json") as { version: string }).version;
}

export function toArray<T>(list: NetList<T> | null | undefined): T[] {
    const out: T[] = [];
    if (!list) {
        return out;
    }
    for (let i = 0; i < list.Count; i++) {
        out.push(list.getItem(i));
    }
    return out;
}
