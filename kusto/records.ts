/**
 * The records the command reader (reader.ts) and its sibling readers produce: what a schema
 * command says, with the offsets of its names and literals for diagnostics.
 */
import type { EntityKindName, PlainPolicy } from "./kinds";

export interface Named {
    name: string;
    at: number;
}

export interface Literal {
    value: string;
    at: number;
}

export interface TableColumn {
    name: Named;
    type: string;
}

export type EntityKind = EntityKindName;

/** A plain policy command (policies.ts). */
export interface PlainPolicyRecord {
    kind: "plain-policy";
    verb: "alter" | "alter-merge";
    entity: { kind: EntityKind; name: Named };
    policy: PlainPolicy;
    /** The JSON literal, the flag (`true`), or row-level security's `enable`/`disable`. */
    value: Literal;
    /** Row-level security's query literal. */
    query?: Literal;
}

export type CommandRecord =
    | PlainPolicyRecord
    | { kind: "table"; verb: "create" | "create-merge"; name: Named; columns: TableColumn[]; properties: Record<string, Literal> }
    | { kind: "table-property"; table: Named; property: "folder" | "docstring"; value: Literal }
    | { kind: "column-docstrings"; verb: "alter" | "alter-merge"; table: Named; docstrings: { column: Named; value: Literal }[] }
    | {
          kind: "function";
          verb: "create" | "create-or-alter" | "alter";
          name: Named;
          properties: Record<string, Literal>;
          parameters: { name: string; type: string; defaultValue?: string }[];
          body: Literal;
      }
    | { kind: "mapping"; verb: "create" | "create-or-alter"; table: Named; mappingKind: string; name: Literal; json: Literal }
    | {
          kind: "policy";
          verb: "alter" | "alter-merge";
          entity: { kind: EntityKind; name: Named };
          policy: "retention" | "caching" | "update";
          /** Keyword form (`softdelete = 7d recoverability = enabled`, `hot = 1d`): lower-cased keys. */
          settings?: Record<string, Literal>;
          /** JSON form. */
          json?: Literal;
      }
    | {
          kind: "materialized-view";
          verb: "create" | "create-or-alter" | "alter";
          name: Named;
          properties: Record<string, Literal>;
          sourceTable: Named;
          query: Literal;
      };

/** Canonical names of the column types a table may have, by every spelling Kusto accepts. */
export const columnTypes: Record<string, string> = {
    bool: "bool", boolean: "bool",
    datetime: "datetime", date: "datetime",
    decimal: "decimal",
    dynamic: "dynamic",
    guid: "guid", uniqueid: "guid",
    int: "int", int32: "int",
    long: "long", int64: "long",
    real: "real", double: "real",
    string: "string",
    timespan: "timespan", time: "timespan",
};

