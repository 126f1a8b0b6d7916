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

/** Opaque values passed from one Kusto.Language call to another. */
type KOpaque = object;

export interface KParseOptions {
    readonly ParserKind: unknown;
    WithAlwaysProduceEndTokens(value: boolean): KParseOptions;
}

export interface KGlobalState {
    readonly ParseOptions: KParseOptions;
    WithCluster(cluster: KSymbol): KGlobalState;
    WithDatabase(database: KSymbol): KGlobalState;
    WithParseOptions(options: KParseOptions): KGlobalState;
}

export interface KustoLanguage {
    readonly KustoCode: {
        Parse(text: string): KKustoCode;
        ParseAndAnalyze(text: string, globals: KGlobalState): KKustoCode;
        // The members below are what `ParseAndAnalyze` does for a query (see analyzeQueryText).
        GetKind(text: string): unknown;
        GetTokenStarts(tokens: KLexicalToken[]): KOpaque;
        DetermineResultType(syntax: KOpaque): KOpaque | null;
        readonly AnalysisState: { readonly Performed: unknown; readonly NotSafe: unknown };
        new (text: string, kind: unknown, globals: KGlobalState, grammar: null, tree: KOpaque, state: unknown, resultType: KOpaque | null, tokens: KLexicalToken[], starts: KOpaque, cache: KOpaque): KKustoCode;
    };
    readonly Editor: { readonly CodeKinds: { readonly Query: unknown } };
    readonly ParserKind: { readonly Grammar: unknown };
    readonly GlobalState: { readonly Default: KGlobalState };
    readonly Parsing: {
        readonly TokenParser: { ParseTokens(text: string, options?: KParseOptions): KLexicalToken[] };
        readonly QueryParser: { ParseQuery(tokens: KLexicalToken[], start: number, options: KParseOptions): KOpaque };
    };
    readonly Syntax: { readonly SyntaxKind: Record<string, number>; readonly SyntaxTree: new (root: KOpaque) => KOpaque };
    readonly Binding: {
        readonly LocalBindingCache: new () => KOpaque;
        readonly Binder: { TryBind(tree: KOpaque, globals: KGlobalState, cache: KOpaque, semanticInfo: null, cancellation: KOpaque): boolean };
    };
    readonly Utils: { readonly CancellationToken: new () => KOpaque };
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

/**
 * What `KustoCode.ParseAndAnalyze(text, globals)` returns for a query, computed as its source does it
 * (`KustoCode.Create`, Kusto.Language 12.4.1: tokens, the hand-written `QueryParser`, `Binder.TryBind`,
 * the result type) but without the combinator grammar `Create` also builds and keeps for editor
 * features such as completion: building that grammar is ≈ 1 s of a fresh process's first analysis,
 * and analysis never uses it. Commands and a non-default parser take `ParseAndAnalyze` itself. The
 * package version is pinned exactly (package.json), and `tests/kusto/symbols.test.ts` holds both
 * routes to the same diagnostics and result columns, so an upgrade that changes these internals fails there.
 */
export function analyzeQueryText(text: string, globals: KGlobalState): KKustoCode {
    const k = kustoLanguage();
    const code = k.KustoCode;
    if (code.GetKind(text) !== k.Editor.CodeKinds.Query || globals.ParseOptions.ParserKind === k.ParserKind.Grammar) {
        return code.ParseAndAnalyze(text, globals);
    }
    const g = globals.WithParseOptions(globals.ParseOptions.WithAlwaysProduceEndTokens(true));
    const tokens = k.Parsing.TokenParser.ParseTokens(text, g.ParseOptions);
    const syntax = k.Parsing.QueryParser.ParseQuery(tokens, 0, g.ParseOptions);
    const tree = new k.Syntax.SyntaxTree(syntax);
    const cache = new k.Binding.LocalBindingCache();
    const bound = k.Binding.Binder.TryBind(tree, g, cache, null, new k.Utils.CancellationToken());
    const state = bound ? code.AnalysisState.Performed : code.AnalysisState.NotSafe;
    return new code(text, code.GetKind(text), g, null, tree, state, bound ? code.DetermineResultType(syntax) : null, tokens, code.GetTokenStarts(tokens), cache);
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
